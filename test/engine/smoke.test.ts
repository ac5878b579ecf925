import assert from 'node:assert/strict';
import { test } from 'node:test';

import nodemailer from 'nodemailer';

import { startTestEngine } from '../helpers/engine.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { waitFor } from '../helpers/wait.ts';

test('post reaches every member through a smarthost', async () => {
  const sink = new SmtpSink();
  const port = await sink.listen();
  const t = await startTestEngine({
    settings: { 'delivery.mode': 'smarthost', 'delivery.smarthost': `127.0.0.1:${port}`, 'delivery.smarthostTls': 'none' },
  });
  try {
    const store = t.engine.store;
    const list = store.lists.create({ name: 'team', host: 'lists.example.org' });
    store.members.add(list.id, { email: 'alice@example.org', name: 'Alice' });
    store.members.add(list.id, { email: 'bob@example.net', name: 'Bøb Ünicode' });

    const client = nodemailer.createTransport({ host: '127.0.0.1', port: t.smtpPort, secure: false, ignoreTLS: true });
    await client.sendMail({ from: 'alice@example.org', to: 'team@lists.example.org', subject: 'Hello', text: 'Hi all\n' });

    await waitFor('two copies', () => sink.messages.length === 2);
    const rcpts = sink.messages.map((m) => m.rcptTo[0]).sort();
    assert.deepEqual(rcpts, ['alice@example.org', 'bob@example.net']);
    for (const m of sink.messages) {
      assert.match(m.mailFrom, /^bounce-[0-9a-z]+-[0-9a-z]+-[a-z2-7]{16}@lists\.example\.org$/);
      assert.match(m.raw.toString(), /X-Lyre-Member-ID: \d+\.[a-z2-7]+/);
    }
  } finally {
    await t.close();
    await sink.close();
  }
});
