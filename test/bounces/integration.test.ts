import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import nodemailer from 'nodemailer';

import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestEngine;
let sink: SmtpSink;
let client: ReturnType<typeof nodemailer.createTransport>;
const ids: Record<string, number> = {};

/** An RFC 3464 report from a receiving MTA about one recipient, as a mail server sends it. */
function dsn(rcpt: string, action: 'failed' | 'delayed', status: string, diagnostic: string, returned: string): string {
  const boundary = 'report-boundary-1';
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
    `To: <ignored@lists.example.org>`,
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    'Auto-Submitted: auto-replied',
    '',
    `--${boundary}`,
    'Content-Type: text/plain',
    '',
    `Your message could not be delivered to <${rcpt}>.`,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    `Final-Recipient: rfc822; ${rcpt}`,
    `Action: ${action}`,
    `Status: ${status}`,
    `Diagnostic-Code: smtp; ${diagnostic}`,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    returned.trimEnd(),
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** Send a report to a bounce address, with the empty envelope sender real reports use. */
async function sendReport(to: string, raw: string): Promise<void> {
  await client.sendMail({ envelope: { from: '', to: [to] }, raw });
}

before(async () => {
  sink = new SmtpSink({
    rcpt: (address) => (address.startsWith('hard') ? { code: 550, message: '5.1.1 <hard@example.net>: Recipient address rejected: User unknown' } : undefined),
  });
  const port = await sink.listen();
  t = await startTestEngine({
    settings: { 'delivery.mode': 'smarthost', 'delivery.smarthost': `127.0.0.1:${port}`, 'delivery.smarthostTls': 'none' },
  });
  const store = t.engine.store;
  const list = store.lists.create({
    name: 'team',
    host: 'lists.example.org',
    settings: { nonMemberPolicy: 'accept', bounce: { holdMembers: true, holdAfter: 1, resetAfterDays: 14, removeHeldAfterDays: 0 } },
  });
  for (const local of ['hard', 'full', 'slow', 'victim', 'ok']) {
    ids[local] = store.members.add(list.id, { email: `${local}@example.net` }).id;
  }
  client = nodemailer.createTransport({ host: '127.0.0.1', port: t.smtpPort, ignoreTLS: true });
  await client.sendMail({ from: 'author@example.org', to: 'team@lists.example.org', subject: 'First', text: 'Hello\n' });
  await waitFor('the first post to finish', () => store.posts.get(1)?.state === 'done');
});

after(async () => {
  await t.close();
  await sink.close();
});

const member = (local: string) => t.engine.store.members.get(ids[local]!)!;
const copyTo = (local: string) => sink.messages.find((m) => m.rcptTo[0] === `${local}@example.net`)!;

test('5xx at delivery counts and holds', () => {
  assert.equal(member('hard').status, 'held');
  assert.equal(member('hard').bounceCount, 1);
  // Newest first: the held notice to this address may have bounced too, uncounted.
  const event = t.engine.store.bounces.forMember(ids.hard!).at(-1);
  assert.equal(event!.source, 'smtp');
  assert.equal(event!.kind, 'hard');
  assert.equal(event!.reason, 'userunknown');
  assert.equal(event!.counted, true);
});

test('DSN at the bounce address counts and holds', async () => {
  const copy = copyTo('full');
  await sendReport(copy.mailFrom, dsn('full@example.net', 'failed', '5.2.2', '552 5.2.2 Mailbox full', copy.head));
  await waitFor('the member to be held', () => member('full').status === 'held');
  const [event] = t.engine.store.bounces.forMember(ids.full!);
  assert.equal(event!.attributedBy, 'token');
  assert.equal(event!.source, 'dsn');
  assert.equal(event!.reason, 'mailboxfull');
  assert.equal(event!.counted, true);
});

test('held member gets a notice with the last error', async () => {
  const notice = await waitFor('the held notice', () =>
    sink.messages.find((m) => m.rcptTo[0] === 'full@example.net' && m.raw.toString().includes('is on hold')),
  );
  const text = notice.raw.toString();
  assert.match(text, /Mailbox full/);
  assert.match(text, /unhold@lists\.example\.org/);
});

test('delay notice is recorded, not counted', async () => {
  const copy = copyTo('slow');
  await sendReport(copy.mailFrom, dsn('slow@example.net', 'delayed', '4.4.7', '451 4.4.7 Delivery delayed', copy.head));
  const event = await waitFor('the delay event', () => t.engine.store.bounces.forMember(ids.slow!)[0]);
  assert.equal(event.counted, false);
  assert.equal(member('slow').status, 'normal');
  assert.equal(member('slow').bounceCount, 0);
});

test('forged token changes nobody', async () => {
  const copy = copyTo('victim');
  const forged = copy.mailFrom.replace(/-[a-z2-7]{16}@/, '-aaaaaaaaaaaaaaaa@');
  assert.notEqual(forged, copy.mailFrom);
  const before = t.engine.store.bounces.countSince(0);
  await sendReport(forged, dsn('victim@example.net', 'failed', '5.1.1', '550 5.1.1 User unknown', 'Subject: First\r\n'));
  await waitFor('the forged report to be recorded', () => t.engine.store.bounces.countSince(0) > before);
  assert.equal(member('victim').status, 'normal');
  assert.equal(member('victim').bounceCount, 0);
  assert.equal(t.engine.store.bounces.forMember(ids.victim!).length, 0);
});

test('held members get no further posts', async () => {
  const before = sink.messages.length;
  await client.sendMail({ from: 'author@example.org', to: 'team@lists.example.org', subject: 'Second', text: 'Again\n' });
  await waitFor('the second post to finish', () =>
    t.engine.store.posts.recent({ kind: 'post' }).some((p) => p.subject === 'Second' && p.state === 'done'),
  );
  const rcpts = sink.messages
    .slice(before)
    .filter((m) => m.raw.toString().includes('Subject: Second'))
    .map((m) => m.rcptTo[0])
    .sort();
  assert.deepEqual(rcpts, ['ok@example.net', 'slow@example.net', 'victim@example.net']);
});

test('CLI shows history and reinstates', async () => {
  const { spawnSync } = await import('node:child_process');
  const { join } = await import('node:path');
  const bin = join(import.meta.dirname, '../../bin/lyre.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, '--data', t.dataDir, ...args], { encoding: 'utf8' });

  const history = run('member', 'bounces', 'team', 'full@example.net');
  assert.equal(history.status, 0);
  assert.match(history.stdout, /status held, 1 counted bounces/);
  assert.match(history.stdout, /dsn\s+hard\s+mailboxfull\s+5\.2\.2\s+yes/);

  const reinstated = run('member', 'reinstate', 'team', 'full@example.net');
  assert.equal(reinstated.status, 0);
  assert.equal(member('full').status, 'normal');
  assert.equal(member('full').bounceCount, 0);

  const again = run('member', 'reinstate', 'team', 'full@example.net');
  assert.equal(again.status, 2);
  assert.match(again.stderr, /is not held \(status normal\)/);
});
