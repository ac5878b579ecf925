import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { test } from 'node:test';

import nodemailer from 'nodemailer';

import { Store } from '../../engine/store/index.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait.ts';

const members = 3000;
const connections = 20;

function startEngineProcess(dataDir: string): Promise<{ child: ChildProcess; smtpPort: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/engine-process.ts'), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`engine process exited early with code ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({ child, smtpPort: (JSON.parse(line) as { smtpPort: number }).smtpPort });
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

test('SIGKILL mid fan-out skips nobody and repeats only in-flight copies', async () => {
  const dir = tempDir();
  // Each copy waits a little at the sink so the kill lands in the middle of the fan-out.
  const sink = new SmtpSink({ digestOnly: true, data: () => undefined });
  const slow = sink.server.onData.bind(sink.server);
  sink.server.onData = (stream, session, callback) => slow(stream, session, (err?: Error | null) => setTimeout(() => callback(err), 3));
  const sinkPort = await sink.listen();

  const setup = Store.open(dir.path);
  setup.settings.set('delivery.mode', 'smarthost');
  setup.settings.set('delivery.smarthost', `127.0.0.1:${sinkPort}`);
  setup.settings.set('delivery.smarthostTls', 'none');
  setup.settings.set('delivery.smarthostConnections', connections);
  const list = setup.lists.create({ name: 'big', host: 'lists.example.org', settings: { nonMemberPolicy: 'accept' } });
  setup.db.transaction(() => {
    for (let i = 0; i < members; i++) setup.members.add(list.id, { email: `m${i}@example.net` });
  })();
  setup.close();

  let engine = await startEngineProcess(dir.path);
  try {
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: engine.smtpPort, ignoreTLS: true });
    await client.sendMail({ from: 'author@example.org', to: 'big@lists.example.org', subject: 'Crash test', text: 'Body\n' });
    await waitFor('a fifth of the copies', () => sink.messages.length >= members / 5, 60_000, 5);
    await killed(engine.child);
    const atKill = sink.messages.length;
    assert.ok(atKill < members, `the kill came before the end (${atKill} of ${members})`);

    engine = await startEngineProcess(dir.path);
    const store = Store.open(dir.path);
    try {
      await waitFor('the post to finish after the restart', () => store.posts.get(1)?.state === 'done', 120_000, 100);
      const progress = store.posts.progress(1);
      assert.equal(progress.delivered, members);
    } finally {
      store.close();
    }

    const counts = new Map<string, number>();
    for (const m of sink.messages) counts.set(m.rcptTo[0]!, (counts.get(m.rcptTo[0]!) ?? 0) + 1);
    assert.equal(counts.size, members, 'every member received the post');
    const duplicates = sink.messages.length - counts.size;
    console.log(`copies at the kill: ${atKill}; sent twice: ${duplicates}`);
    assert.ok(duplicates <= connections, `${duplicates} copies went out twice; at most ${connections} were in flight`);
  } finally {
    engine.child.kill('SIGTERM');
    await sink.close();
    dir.remove();
  }
});
