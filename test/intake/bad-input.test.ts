import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import nodemailer from 'nodemailer';

import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { RawSmtp } from '../helpers/raw-smtp.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestEngine;
let sink: SmtpSink;

before(async () => {
  sink = new SmtpSink();
  const port = await sink.listen();
  t = await startTestEngine({
    settings: {
      'delivery.mode': 'smarthost',
      'delivery.smarthost': `127.0.0.1:${port}`,
      'delivery.smarthostTls': 'none',
      'smtp.maxMessageSize': 20_000,
      'smtp.maxRecipients': 3,
    },
  });
  const list = t.engine.store.lists.create({ name: 'team', host: 'lists.example.org' });
  t.engine.store.members.add(list.id, { email: 'alice@example.org', name: 'Alice' });
  t.engine.store.lists.create({ name: 'news', host: 'lists.example.org', type: 'announcement', settings: { posters: ['editor@example.org'] } });
});

after(async () => {
  await t.close();
  await sink.close();
});

async function session(): Promise<RawSmtp> {
  const { client, greeting } = await RawSmtp.open(t.smtpPort);
  assert.match(greeting, /^220 .*Lyre ESMTP/);
  assert.match(await client.send('EHLO client.example.org\r\n'), /^250/);
  return client;
}

/** The copies the sink received for a subject, or null while there are none. */
const copiesOf = (subject: string) => {
  const found = sink.messages.filter((m) => m.raw.toString('latin1').includes(subject));
  return found.length > 0 ? found : null;
};

test('EHLO advertises SIZE, 8BITMIME, SMTPUTF8 and PIPELINING', async () => {
  const { client } = await RawSmtp.open(t.smtpPort);
  const ehlo = await client.send('EHLO client.example.org\r\n');
  assert.match(ehlo, /250[- ]SIZE 20000/);
  assert.match(ehlo, /250[- ]8BITMIME/);
  assert.match(ehlo, /250[- ]SMTPUTF8/);
  assert.match(ehlo, /250[- ]PIPELINING/);
  assert.doesNotMatch(ehlo, /AUTH/);
  client.close();
});

test('unknown recipient is rejected at RCPT naming it', async () => {
  const client = await session();
  assert.match(await client.send('MAIL FROM:<alice@example.org>\r\n'), /^250/);
  const reply = await client.send('RCPT TO:<nobody@lists.example.org>\r\n');
  assert.match(reply, /^550 5\.1\.1 <nobody@lists\.example\.org>: no such list or address here/);
  client.close();
});

test('oversized message gets 552 and the server keeps serving', async () => {
  const client = await session();
  await client.send('MAIL FROM:<alice@example.org>\r\n');
  await client.send('RCPT TO:<team@lists.example.org>\r\n');
  assert.match(await client.send('DATA\r\n'), /^354/);
  const line = `${'x'.repeat(998)}\r\n`;
  client.write('Subject: too big\r\n\r\n');
  for (let i = 0; i < 40; i++) client.write(line);
  const reply = await client.send('.\r\n');
  assert.match(reply, /^552 /);
  assert.match(await client.send('NOOP\r\n'), /^250/);
  client.close();
  assert.equal(t.engine.store.incoming.pendingIds().length, 0);
});

test('SIZE parameter above the limit is refused before data', async () => {
  const client = await session();
  assert.match(await client.send('MAIL FROM:<alice@example.org> SIZE=50000\r\n'), /^552 /);
  client.close();
});

test('garbage commands get 5xx and the session continues', async () => {
  const client = await session();
  assert.match(await client.send('FLURB the frobnicator\r\n'), /^5\d\d /);
  assert.match(await client.send('\x01\x02\xff\xfe\r\n'), /^5\d\d /);
  assert.match(await client.send('RCPT TO:<team@lists.example.org>\r\n'), /^503 /);
  assert.match(await client.send('MAIL FROM:<alice@example.org>\r\n'), /^250/);
  assert.match(await client.send('QUIT\r\n'), /^221/);
});

test('too many recipients gets 452', async () => {
  const client = await session();
  await client.send('MAIL FROM:<alice@example.org>\r\n');
  for (let i = 0; i < 3; i++) {
    const reply = await client.send(`RCPT TO:<bounce-x${i}-y-zzzzzzzzzzzzzzzz@lists.example.org>\r\n`);
    assert.match(reply, /^250/);
  }
  assert.match(await client.send('RCPT TO:<team@lists.example.org>\r\n'), /^452 /);
  client.close();
});

test('bare LF line endings are accepted and delivered', async () => {
  const client = await session();
  await client.send('MAIL FROM:<alice@example.org>\r\n');
  await client.send('RCPT TO:<team@lists.example.org>\r\n');
  await client.send('DATA\r\n');
  // Bare LF everywhere but the end-of-data line, which RFC 5321 4.1.1.4 fixes as CRLF.CRLF.
  const reply = await client.send('From: alice@example.org\nSubject: bare-lf-test\n\nline one\nline two\r\n.\r\n');
  assert.match(reply, /^250 /);
  client.close();
  const [copy] = await waitFor('the bare-LF copy', () => copiesOf('bare-lf-test'));
  const body = copy!.raw.toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n');
  assert.equal(body, 'line one\r\nline two\r\n');
});

test('8-bit headers are accepted and kept byte for byte', async () => {
  const client = await session();
  await client.send('MAIL FROM:<alice@example.org> BODY=8BITMIME SMTPUTF8\r\n');
  await client.send('RCPT TO:<team@lists.example.org>\r\n');
  await client.send('DATA\r\n');
  const subject = Buffer.from('Subject: eight-bit Grüße 日本\r\n', 'utf8');
  const reply = await client.send(Buffer.concat([Buffer.from('From: Ålice <alice@example.org>\r\n', 'utf8'), subject, Buffer.from('\r\nbody\r\n.\r\n')]));
  assert.match(reply, /^250 /);
  client.close();
  const [copy] = await waitFor('the 8-bit copy', () => copiesOf('eight-bit'));
  assert.ok(copy!.raw.includes(subject), 'subject bytes unchanged');
});

test('message without Message-ID or Date gets both', async () => {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: t.smtpPort, ignoreTLS: true });
  await client.sendMail({
    envelope: { from: 'alice@example.org', to: ['team@lists.example.org'] },
    raw: 'From: alice@example.org\r\nSubject: no-ids-test\r\n\r\nhello\r\n',
  });
  const [copy] = await waitFor('the copy without ids', () => copiesOf('no-ids-test'));
  assert.match(copy!.head, /^Message-ID: <lyre\.\d+\.\d+@lists\.example\.org>\r$/m);
  assert.match(copy!.head, /^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000\r$/m);
});

test('non-member post is rejected after DATA with the reason', async () => {
  const client = await session();
  await client.send('MAIL FROM:<stranger@example.com>\r\n');
  assert.match(await client.send('RCPT TO:<team@lists.example.org>\r\n'), /^250/);
  await client.send('DATA\r\n');
  const reply = await client.send('From: stranger@example.com\r\nSubject: spam\r\n\r\nbuy\r\n.\r\n');
  assert.match(reply, /^550 5\.7\.1 stranger@example\.com is not a member of team/);
  client.close();
});

test('announcement list takes posts only from its posters', async () => {
  const client = await session();
  await client.send('MAIL FROM:<alice@example.org>\r\n');
  await client.send('RCPT TO:<news@lists.example.org>\r\n');
  await client.send('DATA\r\n');
  const reply = await client.send('From: alice@example.org\r\nSubject: news\r\n\r\nhi\r\n.\r\n');
  assert.match(reply, /^550 5\.7\.1 news is an announcement list/);
  await client.send('MAIL FROM:<editor@example.org>\r\n');
  await client.send('RCPT TO:<news@lists.example.org>\r\n');
  await client.send('DATA\r\n');
  assert.match(await client.send('From: Editor <EDITOR@Example.org>\r\nSubject: real news\r\n\r\nhi\r\n.\r\n'), /^250 /);
  client.close();
});

test('forged bounce token is recorded unattributed', async () => {
  const client = await session();
  await client.send('MAIL FROM:<>\r\n');
  assert.match(await client.send('RCPT TO:<bounce-1-1-aaaaaaaaaaaaaaaa@lists.example.org>\r\n'), /^250/);
  await client.send('DATA\r\n');
  assert.match(await client.send('From: MAILER-DAEMON@example.net\r\nSubject: failure\r\n\r\nno\r\n.\r\n'), /^250 /);
  client.close();
  const store = t.engine.store;
  const row = await waitFor(
    'the bounce event',
    () =>
      store.db.prepare("SELECT attributed_by, member_id FROM bounce_events WHERE source = 'dsn'").get() as
        | { attributed_by: string; member_id: number | null }
        | undefined,
  );
  assert.equal(row.attributed_by, 'none');
  assert.equal(row.member_id, null);
});
