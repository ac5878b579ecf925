import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import nodemailer from 'nodemailer';
import pino from 'pino';

import { detectMta } from '../../engine/relay/detect.ts';
import { RelayForwarder, type RelaySettings } from '../../engine/relay/forward.ts';
import { buildReceivedLine } from '../../engine/relay/received.ts';
import { formatReply, SmtpClient } from '../../engine/relay/smtp-client.ts';
import { verifyRelocation } from '../../engine/relay/verify.ts';
import { clientFacts } from '../../engine/relay/xforward.ts';
import { Store } from '../../engine/store/index.ts';
import { PostfixInstance, postfixUnavailableReason } from '../helpers/postfix.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { RelayIntake } from './relay-intake.ts';

const unavailable = postfixUnavailableReason();

const inbound = {
  id: 'pfx1',
  remoteAddress: '192.0.2.7',
  clientHostname: '[192.0.2.7]',
  hostNameAppearsAs: 'client.example',
  transmissionType: 'ESMTP',
};

/** A message with 8-bit text and lines that need dot-stuffing, CRLF line ends. */
function testMessage(subject: string): Buffer {
  return Buffer.from(
    [
      'From: Jöran <jöran@example.net>',
      'To: alice@lyre-test.example',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W/g, '')}@example.net>`,
      'Date: Fri, 04 Dec 2026 16:03:05 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      '.a line that starts with a dot',
      '..and one that starts with two',
      '.',
      'Grüße aus Köln',
      '',
    ].join('\r\n'),
  );
}

/**
 * Check that Postfix delivered `original` unchanged, with only header lines in front of
 * it, the last of them Lyre's Received line. Returns the header lines Postfix added.
 */
function assertDeliveredUnchanged(delivered: string, original: Buffer, received: string): string[] {
  const body = original.toString('utf8').replaceAll('\r\n', '\n');
  const ours = received.replaceAll('\r\n', '\n');
  assert.ok(delivered.endsWith(ours + body), 'delivered message ends with our Received line and the original');
  const prefix = delivered.slice(0, delivered.length - ours.length - body.length);
  const added = prefix.split('\n').filter((line) => line !== '' && !line.startsWith('\t'));
  for (const line of added) assert.match(line, /^(Return-Path|X-Original-To|Delivered-To|Received): /, line);
  return added;
}

describe('forwarding to a real Postfix', { skip: unavailable ?? false }, () => {
  let postfix: PostfixInstance;
  let settings: RelaySettings;
  let forwarder: RelayForwarder;

  before(async () => {
    postfix = await PostfixInstance.start({ domain: 'lyre-test.example', users: ['alice', 'bob'] });
    settings = { 'relay.host': `127.0.0.1:${postfix.port}`, 'relay.domains': 'lyre-test.example', 'smtp.hostname': 'lists.example.org' };
    forwarder = new RelayForwarder(() => settings, pino({ level: 'silent' }), { commandTimeoutMs: 10_000, dataTimeoutMs: 30_000 });
  });
  after(async () => {
    await postfix?.remove();
  });

  const received = (recipients: string[]) =>
    buildReceivedLine({ client: clientFacts(inbound), hostname: 'lists.example.org', id: inbound.id, protocol: 'ESMTP', recipients });

  it('detects Postfix and its version', async () => {
    const result = await detectMta({ host: '127.0.0.1', port: postfix.port });
    assert.equal(result.outcome, 'smtp');
    assert.equal(result.software?.id, 'postfix');
    assert.match(result.software?.version ?? '', /^3\.\d+\.\d+$/);
    assert.ok(result.extensions.includes('XFORWARD'));
    assert.ok(result.extensions.includes('SMTPUTF8'));
  });

  it('verifies the relocated Postfix in words', async () => {
    const result = await verifyRelocation({ host: '127.0.0.1', port: postfix.port });
    assert.equal(result.ok, true);
    assert.match(result.message, new RegExp(`^Answered as Postfix 3\\.\\d+\\.\\d+ on 127\\.0\\.0\\.1:${postfix.port}\\.$`));
  });

  it('delivers a forwarded message unchanged', async () => {
    const message = testMessage('Forwarded once');
    const before = postfix.messages('alice').length;
    const session = forwarder.openSession(inbound);

    session.mailFrom('jöran@example.net', { SIZE: String(message.length), BODY: '8BITMIME', SMTPUTF8: true });
    assert.deepEqual(await session.rcptTo('alice@lyre-test.example'), { accepted: true, code: 250, message: '2.1.5 Ok' });
    const line = received(['alice@lyre-test.example']);
    const result = await session.data(message, line);
    await session.close();
    assert.equal(result.ok, true, result.message);
    assert.match(result.message, /queued as/);

    const delivered = (await postfix.waitForMessages('alice', before + 1)).at(-1)!;
    const added = assertDeliveredUnchanged(delivered, message, line);
    assert.equal(added[0], 'Return-Path: <jöran@example.net>');
    assert.ok(added.includes('Delivered-To: alice@lyre-test.example'));
    assert.equal(delivered.match(/^Received: /gm)?.length, 2, "Postfix's and Lyre's");
    assert.match(postfix.log(), /orig_client=unknown\[192\.0\.2\.7\]/, 'XFORWARD reached Postfix');
  });

  it('passes Postfix rejections through at RCPT', async () => {
    const session = forwarder.openSession(inbound);
    session.mailFrom('sender@example.net');
    const unknown = await session.rcptTo('nobody@lyre-test.example');
    assert.equal(unknown.accepted, false);
    assert.equal(unknown.code, 550);
    assert.match(unknown.message, /^5\.1\.1 <nobody@lyre-test\.example>: Recipient address rejected/);

    const foreign = await session.rcptTo('victim@elsewhere.example');
    assert.equal(foreign.code, 550);
    assert.match(foreign.message, /^5\.7\.1 relaying denied/);
    await session.close();
  });

  it('defers at RCPT while Postfix is stopped and loses nothing', async () => {
    const message = testMessage('Sent after a restart');
    const before = postfix.messages('bob').length;
    await postfix.stop();
    try {
      const session = forwarder.openSession(inbound);
      session.mailFrom('sender@example.net');
      const deferred = await session.rcptTo('bob@lyre-test.example');
      assert.equal(deferred.accepted, false);
      assert.equal(deferred.code, 451);
      assert.match(deferred.message, /^4\.4\.1 /);
      assert.equal(forwarder.relayStatus().reachable, false);
      const data = await session.data(message, received([]));
      assert.deepEqual(data.forwarded, []);
      await session.close();
    } finally {
      await postfix.startAgain();
    }

    // The sender retries, as it must after a 4xx.
    const retry = forwarder.openSession(inbound);
    retry.mailFrom('sender@example.net');
    assert.equal((await retry.rcptTo('bob@lyre-test.example')).accepted, true);
    const line = received(['bob@lyre-test.example']);
    assert.equal((await retry.data(message, line)).ok, true);
    await retry.close();
    assert.equal(forwarder.relayStatus().reachable, true);

    const messages = await postfix.waitForMessages('bob', before + 1);
    assert.equal(messages.length, before + 1, 'delivered exactly once');
    assertDeliveredUnchanged(messages.at(-1)!, message, line);
  });

  it('fails DATA with 4xx when Postfix stops mid-transaction', async () => {
    const message = testMessage('Interrupted');
    const before = postfix.messages('alice').length;
    const session = forwarder.openSession(inbound);
    session.mailFrom('sender@example.net');
    assert.equal((await session.rcptTo('alice@lyre-test.example')).accepted, true);

    await postfix.stop();
    try {
      const result = await session.data(message, received(['alice@lyre-test.example']));
      assert.equal(result.ok, false);
      assert.ok(result.code >= 400 && result.code < 500, `${result.code} ${result.message}`);
      await session.close();
    } finally {
      await postfix.startAgain();
    }
    // Give a wrongly queued copy time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(postfix.messages('alice').length, before, 'nothing was delivered for the failed attempt');
  });

  describe('through an intake', () => {
    const data = tempDir();
    let store: Store;
    let intake: RelayIntake;

    before(async () => {
      store = Store.open(data.path);
      store.lists.create({ name: 'news', host: 'lyre-test.example', settings: { nonMemberPolicy: 'accept' } });
      intake = new RelayIntake(store, forwarder);
      await intake.listen();
    });
    after(async () => {
      await intake.close();
      store.close();
      data.remove();
    });

    it('handles list and forwarded recipients together', async () => {
      const message = testMessage('Mixed transaction');
      const before = postfix.messages('alice').length;
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: intake.port, secure: false, ignoreTLS: true });
      const info = await transport.sendMail({
        envelope: { from: 'sender@example.net', to: ['news@lyre-test.example', 'alice@lyre-test.example', 'nobody@lyre-test.example', 'victim@elsewhere.example'] },
        raw: message,
      });
      transport.close();

      assert.deepEqual(info.accepted, ['news@lyre-test.example', 'alice@lyre-test.example']);
      assert.deepEqual([...info.rejected].sort(), ['nobody@lyre-test.example', 'victim@elsewhere.example']);
      assert.match(info.response, /^250 .*Message accepted as \d+/);

      const pending = store.incoming.pendingIds();
      assert.equal(pending.length, 1);
      const committed = store.incoming.get(pending[0]!)!;
      assert.deepEqual(committed.recipients.map((r) => r.address), ['news@lyre-test.example']);
      assert.deepEqual(committed.raw, message);

      const delivered = (await postfix.waitForMessages('alice', before + 1)).at(-1)!;
      assert.ok(delivered.endsWith(message.toString('utf8').replaceAll('\r\n', '\n')));
      assert.match(delivered, /^Received: from .*\n\tby lists\.example\.org \(Lyre\) with ESMTP id /m);
    });

    it('answers forwarded-only mail with the relay reply', async () => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: intake.port, secure: false, ignoreTLS: true });
      const info = await transport.sendMail({ envelope: { from: 'sender@example.net', to: ['bob@lyre-test.example'] }, raw: testMessage('Only forwarded') });
      transport.close();
      assert.deepEqual(info.accepted, ['bob@lyre-test.example']);
      assert.match(info.response, /^250 2\.0\.0 forwarded: .*queued as/);
    });

    it('rejects relay tricks on the wire', async () => {
      const before = { alice: postfix.messages('alice').length, postmaster: postfix.messages('postmaster').length };
      const client = await SmtpClient.connect('127.0.0.1', intake.port, 5000);
      try {
        assert.equal((await client.readReply(5000)).code, 220);
        assert.equal((await client.command('EHLO tester.example', 5000)).code, 250);
        assert.equal((await client.command('MAIL FROM:<sender@example.net>', 5000)).code, 250);
        const tricks = [
          'victim@elsewhere.example',
          'victim%elsewhere.example@lyre-test.example',
          'elsewhere.example!victim@lyre-test.example',
          '@lyre-test.example:victim@elsewhere.example',
          '"victim@elsewhere.example"@lyre-test.example',
          'victim@[127.0.0.1]',
          'alice@lyre-test.example.',
          'VICTIM%ELSEWHERE.EXAMPLE@LYRE-TEST.EXAMPLE',
        ];
        for (const address of tricks) {
          const reply = await client.command(`RCPT TO:<${address}>`, 5000);
          assert.ok(reply.code >= 500 && reply.code < 600, `${address}: ${formatReply(reply)}`);
        }
        assert.equal((await client.command('DATA', 5000)).code, 503, 'no recipient was accepted');
      } finally {
        await client.quit();
      }
      assert.equal(postfix.messages('alice').length, before.alice);
      assert.equal(postfix.messages('postmaster').length, before.postmaster);
      assert.doesNotMatch(postfix.log(), /elsewhere\.example/, 'Postfix never saw a foreign recipient');
    });

    it('keeps list mail flowing while Postfix is down', async () => {
      const already = store.incoming.pendingIds().length;
      await postfix.stop();
      try {
        const transport = nodemailer.createTransport({ host: '127.0.0.1', port: intake.port, secure: false, ignoreTLS: true });
        const info = await transport.sendMail({
          envelope: { from: 'sender@example.net', to: ['news@lyre-test.example', 'alice@lyre-test.example'] },
          raw: testMessage('List while relay is down'),
        });
        transport.close();
        assert.deepEqual(info.accepted, ['news@lyre-test.example']);
        assert.deepEqual(info.rejected, ['alice@lyre-test.example']);
        const error = info.rejectedErrors?.[0] as (Error & { responseCode?: number }) | undefined;
        assert.equal(error?.responseCode, 451);
        assert.equal(store.incoming.pendingIds().length, already + 1);
      } finally {
        await postfix.startAgain();
      }
    });
  });
});
