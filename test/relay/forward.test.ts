import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, it } from 'node:test';

import pino from 'pino';

import { RelayForwarder, type RelaySettings } from '../../engine/relay/forward.ts';
import { buildReceivedLine } from '../../engine/relay/received.ts';
import { clientFacts } from '../../engine/relay/xforward.ts';
import { freePort } from '../helpers/postfix.ts';
import { listenOnLoopback } from './fake-mta.ts';
import { RecordingMta, type RecordingBehaviour } from './recording-mta.ts';

const inbound = {
  id: 'sess1',
  remoteAddress: '192.0.2.7',
  clientHostname: '[192.0.2.7]',
  hostNameAppearsAs: 'client.example',
  transmissionType: 'ESMTP',
};

const message = Buffer.from(
  'From: Sender <sender@example.net>\r\n' +
    'To: alice@relay.example\r\n' +
    'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n' +
    'Message-ID: <m1@example.net>\r\n' +
    '\r\n' +
    '.a line that starts with a dot\r\n' +
    '..and one with two\r\n' +
    '.\r\n' +
    'Ümläute in 8 bits\r\n',
);

/** Log lines written during a test, parsed. */
function captureLog(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function startMta(behaviour: RecordingBehaviour = {}): Promise<RecordingMta> {
  const mta = new RecordingMta(behaviour);
  await mta.listen();
  cleanups.push(() => mta.close());
  return mta;
}

function forwarderFor(port: number, overrides: Partial<RelaySettings> = {}) {
  const settings: RelaySettings = {
    'relay.host': `127.0.0.1:${port}`,
    'relay.domains': 'relay.example',
    'smtp.hostname': 'lists.example.org',
    ...overrides,
  };
  const { logger, lines } = captureLog();
  const forwarder = new RelayForwarder(() => settings, logger, { connectTimeoutMs: 2000, commandTimeoutMs: 2000, dataTimeoutMs: 2000 });
  return { forwarder, settings, lines };
}

function receivedFor(recipients: string[]): string {
  return buildReceivedLine({ client: clientFacts(inbound), hostname: 'lists.example.org', id: inbound.id, protocol: 'ESMTP', recipients });
}

describe('RelayForwarder', () => {
  it('forwards envelope, parameters and XFORWARD', async () => {
    const mta = await startMta();
    const { forwarder } = forwarderFor(mta.port);
    const session = forwarder.openSession(inbound);

    session.mailFrom('jöran@example.net', { SIZE: String(message.length), BODY: '8BITMIME', SMTPUTF8: true, RET: 'HDRS', ENVID: 'env+1' });
    const first = await session.rcptTo('alice@relay.example', { NOTIFY: 'FAILURE', ORCPT: 'rfc822;alice@relay.example' });
    const second = await session.rcptTo('bob@RELAY.example');
    assert.deepEqual(first, { accepted: true, code: 250, message: 'Accepted' });
    assert.equal(second.accepted, true);

    const result = await session.data(message, receivedFor(['alice@relay.example', 'bob@RELAY.example']));
    assert.equal(result.ok, true);
    assert.equal(result.code, 250);
    assert.deepEqual(result.forwarded, ['alice@relay.example', 'bob@RELAY.example']);
    await session.close();

    assert.equal(mta.messages.length, 1);
    const got = mta.messages[0]!;
    assert.equal(got.mailFrom.address, 'jöran@example.net');
    assert.equal(got.mailFrom.args.SIZE, String(message.length));
    assert.equal(got.mailFrom.args.BODY, '8BITMIME');
    assert.equal(got.mailFrom.args.SMTPUTF8, true);
    assert.equal(got.mailFrom.args.RET, 'HDRS');
    assert.equal(got.mailFrom.args.ENVID, 'env+1');
    assert.deepEqual(got.rcptTo.map((r) => r.address), ['alice@relay.example', 'bob@RELAY.example']);
    assert.equal(got.rcptTo[0]!.args.NOTIFY, 'FAILURE');
    assert.equal(got.rcptTo[0]!.args.ORCPT, 'rfc822;alice@relay.example');
    assert.equal(got.xForward.ADDR, '192.0.2.7');
    assert.equal(got.xForward.HELO, 'client.example');
    assert.equal(got.xForward.PROTO, 'ESMTP');
    assert.ok(!got.xForward.NAME, 'NAME sent as [UNAVAILABLE]');
  });

  it('keeps the content byte for byte after one Received line', async () => {
    const mta = await startMta();
    const { forwarder } = forwarderFor(mta.port);
    const session = forwarder.openSession(inbound);
    const received = receivedFor(['alice@relay.example']);

    session.mailFrom('sender@example.net');
    await session.rcptTo('alice@relay.example');
    await session.data(message, received);
    await session.close();

    const raw = mta.messages[0]!.raw;
    assert.equal(raw.subarray(0, received.length).toString(), received);
    assert.deepEqual(raw.subarray(received.length), message);
    assert.equal(raw.toString().match(/^Received:/gm)?.length, 1);
  });

  it('passes the relocated MTA rejections back per recipient', async () => {
    const mta = await startMta({
      rcpt: (address) => (address.startsWith('nobody@') ? { code: 550, message: '5.1.1 <nobody@relay.example>: User unknown' } : undefined),
    });
    const { forwarder } = forwarderFor(mta.port);
    const session = forwarder.openSession(inbound);

    session.mailFrom('sender@example.net');
    const unknown = await session.rcptTo('nobody@relay.example');
    const known = await session.rcptTo('alice@relay.example');
    assert.deepEqual(unknown, { accepted: false, code: 550, message: '5.1.1 <nobody@relay.example>: User unknown' });
    assert.equal(known.accepted, true);

    const result = await session.data(message, receivedFor(['alice@relay.example']));
    assert.deepEqual(result.forwarded, ['alice@relay.example']);
    await session.close();
    assert.deepEqual(mta.messages[0]!.rcptTo.map((r) => r.address), ['alice@relay.example']);
  });

  it('repeats a MAIL FROM rejection for each recipient', async () => {
    const mta = await startMta({ mail: () => ({ code: 553, message: '5.7.1 sender rejected' }) });
    const { forwarder } = forwarderFor(mta.port);
    const session = forwarder.openSession(inbound);

    session.mailFrom('spammer@example.net');
    assert.deepEqual(await session.rcptTo('alice@relay.example'), { accepted: false, code: 553, message: '5.7.1 sender rejected' });
    assert.deepEqual(await session.rcptTo('bob@relay.example'), { accepted: false, code: 553, message: '5.7.1 sender rejected' });
    const result = await session.data(message, receivedFor([]));
    assert.equal(result.ok, true);
    assert.deepEqual(result.forwarded, []);
    await session.close();
  });

  it('denies foreign domains without connecting', async () => {
    const mta = await startMta();
    const { forwarder, lines } = forwarderFor(mta.port);
    const session = forwarder.openSession(inbound);

    session.mailFrom('sender@example.net');
    for (const address of ['victim@elsewhere.example', 'victim%elsewhere.example@relay.example', 'user@[127.0.0.1]']) {
      const result = await session.rcptTo(address);
      assert.equal(result.accepted, false, address);
      assert.equal(result.code, 550, address);
      assert.match(result.message, /^5\.7\.1 relaying denied/, address);
    }
    await session.close();
    assert.equal(mta.connections, 0);
    assert.equal(lines.filter((l) => l.msg === 'REJECTED relaying').length, 3);
  });

  it('rejects everything when relay.host is empty', async () => {
    const { forwarder } = forwarderFor(0, { 'relay.host': '' });
    const session = forwarder.openSession(inbound);
    session.mailFrom('sender@example.net');
    const result = await session.rcptTo('alice@relay.example');
    assert.deepEqual(result, { accepted: false, code: 550, message: '5.1.1 <alice@relay.example>: no such list or address here' });
    assert.deepEqual(forwarder.relayStatus(), { host: '', reachable: null, lastError: null, checkedAt: null });
  });

  it('defers recipients while the relocated MTA is down', async () => {
    const port = await freePort();
    const { forwarder, lines } = forwarderFor(port);
    const session = forwarder.openSession(inbound);

    session.mailFrom('sender@example.net');
    const first = await session.rcptTo('alice@relay.example');
    const second = await session.rcptTo('bob@relay.example');
    for (const result of [first, second]) {
      assert.equal(result.accepted, false);
      assert.equal(result.code, 451);
      assert.match(result.message, /^4\.4\.1 .*ECONNREFUSED/);
    }
    const status = forwarder.relayStatus();
    assert.equal(status.host, `127.0.0.1:${port}`);
    assert.equal(status.reachable, false);
    assert.match(status.lastError ?? '', /ECONNREFUSED/);
    assert.ok(status.checkedAt && Date.now() - status.checkedAt < 5000);
    assert.equal(lines.filter((l) => String(l.msg).startsWith('UNREACHABLE')).length, 1, 'logged once');
    await session.close();
  });

  it('reports recovery in the status', async () => {
    const port = await freePort();
    const { forwarder, lines } = forwarderFor(port);
    assert.equal((await forwarder.checkRelay()).reachable, false);

    const mta = new RecordingMta();
    await new Promise<void>((resolve) => mta.server.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => mta.close());

    const status = await forwarder.checkRelay();
    assert.equal(status.reachable, true);
    assert.equal(status.lastError, null);
    assert.ok(lines.some((l) => String(l.msg).startsWith('RECOVERED')));
  });

  it('turns a rejection at end of DATA into that reply', async () => {
    const mta = await startMta({ data: () => ({ code: 452, message: '4.3.1 Insufficient system storage' }) });
    const { forwarder } = forwarderFor(mta.port);
    const session = forwarder.openSession(inbound);

    session.mailFrom('sender@example.net');
    await session.rcptTo('alice@relay.example');
    const result = await session.data(message, receivedFor(['alice@relay.example']));
    assert.deepEqual(result, { ok: false, code: 452, message: '4.3.1 Insufficient system storage', forwarded: [] });
    await session.close();
  });

  it('starts the next transaction with RSET', async () => {
    const mta = await startMta();
    const { forwarder } = forwarderFor(mta.port);
    const session = forwarder.openSession(inbound);

    session.mailFrom('first@example.net');
    await session.rcptTo('alice@relay.example');
    session.mailFrom('second@example.net');
    assert.equal(session.recipients.length, 0);
    await session.rcptTo('bob@relay.example');
    const result = await session.data(message, receivedFor(['bob@relay.example']));
    assert.equal(result.ok, true);

    session.mailFrom('third@example.net');
    await session.rcptTo('alice@relay.example');
    assert.equal((await session.data(message, receivedFor(['alice@relay.example']))).ok, true);
    await session.close();

    assert.deepEqual(
      mta.messages.map((m) => [m.mailFrom.address, m.rcptTo.map((r) => r.address)]),
      [
        ['second@example.net', ['bob@relay.example']],
        ['third@example.net', ['alice@relay.example']],
      ],
    );
    assert.equal(mta.connections, 1);
  });

  it('rejects SMTPUTF8 mail when the relocated MTA lacks it', async () => {
    const mta = await startMta({ options: { hideSMTPUTF8: true } });
    const { forwarder } = forwarderFor(mta.port);
    const session = forwarder.openSession(inbound);

    session.mailFrom('jöran@example.net', { SMTPUTF8: true });
    const result = await session.rcptTo('alice@relay.example');
    assert.deepEqual(result, { accepted: false, code: 553, message: '5.6.7 the relocated mail server does not support SMTPUTF8' });
    await session.close();
  });

  it('refuses to forward to Lyre itself', async () => {
    const mta = await startMta({ options: { banner: 'Lyre ESMTP ready' } });
    const { forwarder } = forwarderFor(mta.port);
    const session = forwarder.openSession(inbound);

    session.mailFrom('sender@example.net');
    const result = await session.rcptTo('alice@relay.example');
    assert.equal(result.code, 451);
    assert.match(result.message, /^4\.4\.6 /);
    assert.match(forwarder.relayStatus().lastError ?? '', /is Lyre itself/);
    await session.close();
  });

  it('fails DATA with 4xx when the connection drops', async () => {
    // A scripted server that accepts the envelope and hangs up at DATA.
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.write('220 drop.example ESMTP\r\n');
      socket.on('data', (chunk) => {
        for (const line of chunk.toString().split('\r\n').filter(Boolean)) {
          if (line.startsWith('EHLO')) socket.write('250-drop.example\r\n250 8BITMIME\r\n');
          else if (line === 'DATA') socket.destroy();
          else socket.write('250 OK\r\n');
        }
      });
    });
    const port = await listenOnLoopback(server);
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    const { forwarder } = forwarderFor(port);
    const session = forwarder.openSession(inbound);
    session.mailFrom('sender@example.net');
    assert.equal((await session.rcptTo('alice@relay.example')).accepted, true);
    const result = await session.data(message, receivedFor(['alice@relay.example']));
    assert.equal(result.ok, false);
    assert.equal(result.code, 451);
    assert.match(result.message, /^4\.4\.2 /);
    assert.equal(forwarder.relayStatus().reachable, false);
    await session.close();
  });

  it('reads relay settings at each use', async () => {
    const mta = await startMta();
    const { forwarder, settings } = forwarderFor(mta.port);
    settings['relay.domains'] = 'other.example';

    const session = forwarder.openSession(inbound);
    session.mailFrom('sender@example.net');
    assert.equal((await session.rcptTo('alice@relay.example')).code, 550);
    assert.equal((await session.rcptTo('alice@other.example')).accepted, true);
    await session.close();
  });
});
