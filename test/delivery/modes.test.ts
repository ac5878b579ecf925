import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

import { startTestEngine } from '../helpers/engine.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait.ts';

/** A smarthost that requires STARTTLS and AUTH before it takes mail, with smtp-server's self-signed certificate. */
async function strictSmarthost(): Promise<{ port: number; received: { user: string; secure: boolean; rcpt: string }[]; close: () => Promise<void> }> {
  const received: { user: string; secure: boolean; rcpt: string }[] = [];
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'lyre' && auth.password === 's3cret') return callback(null, { user: auth.username });
      callback(new Error('535 5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(_address, session, callback) {
      if (!session.secure) return callback(Object.assign(new Error('5.7.0 Must issue a STARTTLS command first'), { responseCode: 530 }));
      callback();
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        received.push({ user: String(session.user), secure: session.secure, rcpt: session.envelope.rcptTo[0]!.address });
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The finished .eml files in a capture folder. */
const emlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.eml'));

async function postOnce(smtpPort: number, subject: string): Promise<void> {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true });
  await client.sendMail({ from: 'alice@example.org', to: 'team@lists.example.org', subject, text: 'Hi\n' });
}

test('smarthost with STARTTLS and AUTH delivers', async () => {
  const relay = await strictSmarthost();
  const t = await startTestEngine({
    settings: {
      'delivery.mode': 'smarthost',
      'delivery.smarthost': `127.0.0.1:${relay.port}`,
      'delivery.smarthostTls': 'required',
      'delivery.smarthostVerifyCertificate': false,
      'delivery.smarthostUser': 'lyre',
      'delivery.smarthostPassword': 's3cret',
    },
  });
  try {
    const list = t.engine.store.lists.create({ name: 'team', host: 'lists.example.org' });
    t.engine.store.members.add(list.id, { email: 'alice@example.org' });
    t.engine.store.members.add(list.id, { email: 'bob@example.net' });
    await postOnce(t.smtpPort, 'via smarthost');
    await waitFor('two copies at the smarthost', () => relay.received.length === 2);
    for (const copy of relay.received) {
      assert.equal(copy.user, 'lyre');
      assert.equal(copy.secure, true);
    }
  } finally {
    await t.close();
    await relay.close();
  }
});

test('smarthost with a wrong password defers', async () => {
  const relay = await strictSmarthost();
  const t = await startTestEngine({
    settings: {
      'delivery.mode': 'smarthost',
      'delivery.smarthost': `127.0.0.1:${relay.port}`,
      'delivery.smarthostTls': 'required',
      'delivery.smarthostVerifyCertificate': false,
      'delivery.smarthostUser': 'lyre',
      'delivery.smarthostPassword': 'wrong',
    },
  });
  try {
    const list = t.engine.store.lists.create({ name: 'team', host: 'lists.example.org' });
    t.engine.store.members.add(list.id, { email: 'alice@example.org' });
    await postOnce(t.smtpPort, 'bad password');
    const [delivery] = await waitFor('the deferred copy', () => {
      const found = t.engine.store.deliveries.query({ postId: 1, status: 'deferred' }).deliveries;
      return found.length > 0 ? found : null;
    });
    assert.match(delivery!.reply ?? '', /535|Authentication/i);
    assert.equal(relay.received.length, 0);
  } finally {
    await t.close();
    await relay.close();
  }
});

test('capture mode writes one .eml per copy', async () => {
  const outbox = tempDir();
  const t = await startTestEngine({ settings: { 'delivery.mode': 'capture', 'delivery.captureDir': outbox.path } });
  try {
    const list = t.engine.store.lists.create({ name: 'team', host: 'lists.example.org' });
    t.engine.store.members.add(list.id, { email: 'alice@example.org' });
    t.engine.store.members.add(list.id, { email: 'bob@example.net' });
    await postOnce(t.smtpPort, 'captured post');
    await waitFor('two files', () => emlFiles(outbox.path).length === 2);
    const texts = emlFiles(outbox.path).map((f) => readFileSync(join(outbox.path, f), 'utf8'));
    const rcpts = texts.map((text) => /^X-Lyre-Envelope-To: <(.*)>\r$/m.exec(text)?.[1]).sort();
    assert.deepEqual(rcpts, ['alice@example.org', 'bob@example.net']);
    for (const text of texts) {
      assert.match(text, /^Return-Path: <bounce-[0-9a-z]+-[0-9a-z]+-[a-z2-7]{16}@lists\.example\.org>\r$/m);
      assert.match(text, /^Subject: captured post\r$/m);
    }
  } finally {
    await t.close();
    outbox.remove();
  }
});

test('setting change applies without a restart', async () => {
  const outbox = tempDir();
  const t = await startTestEngine({ settings: { 'delivery.mode': 'capture', 'delivery.captureDir': outbox.path } });
  try {
    const list = t.engine.store.lists.create({ name: 'team', host: 'lists.example.org' });
    t.engine.store.members.add(list.id, { email: 'alice@example.org' });
    await postOnce(t.smtpPort, 'first');
    await waitFor('the first file', () => emlFiles(outbox.path).length === 1);
    const second = tempDir();
    t.engine.store.settings.set('delivery.captureDir', second.path);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await postOnce(t.smtpPort, 'second');
    await waitFor('the second file in the new folder', () => emlFiles(second.path).length === 1);
    assert.equal(emlFiles(outbox.path).length, 1);
    second.remove();
  } finally {
    await t.close();
    outbox.remove();
  }
});
