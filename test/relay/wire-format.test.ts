import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { dotStuff } from '../../engine/relay/dot-stuff.ts';
import { mailFromParams, rcptToParams, xtext } from '../../engine/relay/envelope-params.ts';
import { buildReceivedLine, rfc5322Date } from '../../engine/relay/received.ts';
import { formatHostPort, isLoopbackHost, parseHostPort } from '../../engine/relay/target.ts';
import { clientFacts, xforwardCommands } from '../../engine/relay/xforward.ts';

describe('dotStuff', () => {
  it('doubles a dot at the start of each line', () => {
    assert.equal(dotStuff(Buffer.from('.a\r\nb\r\n..c\r\n.\r\n')).toString(), '..a\r\nb\r\n...c\r\n..\r\n');
  });

  it('stuffs after a bare LF too', () => {
    assert.equal(dotStuff(Buffer.from('a\n.b\r\n')).toString(), 'a\n..b\r\n');
  });

  it('leaves dots inside lines alone', () => {
    assert.equal(dotStuff(Buffer.from('a.b .c\r\n')).toString(), 'a.b .c\r\n');
  });

  it('adds a final CRLF when missing', () => {
    assert.equal(dotStuff(Buffer.from('a\r\nb')).toString(), 'a\r\nb\r\n');
    assert.equal(dotStuff(Buffer.from('a\n')).toString(), 'a\n\r\n');
  });

  it('keeps 8-bit bytes unchanged', () => {
    const raw = Buffer.from([0xc3, 0xa4, 0x0d, 0x0a, 0x2e, 0xff, 0x0d, 0x0a]);
    assert.deepEqual([...dotStuff(raw)], [0xc3, 0xa4, 0x0d, 0x0a, 0x2e, 0x2e, 0xff, 0x0d, 0x0a]);
  });
});

describe('envelope parameters', () => {
  const postfix = ['PIPELINING', 'SIZE', 'XFORWARD', '8BITMIME', 'DSN', 'SMTPUTF8'];

  it('passes SIZE, BODY and SMTPUTF8 to a server that offers them', () => {
    const result = mailFromParams({ SIZE: '1234', BODY: '8BITMIME', SMTPUTF8: true }, postfix);
    assert.deepEqual(result, { ok: true, text: ' SIZE=1234 BODY=8BITMIME SMTPUTF8' });
  });

  it('drops SIZE and DSN parameters a server does not offer', () => {
    const result = mailFromParams({ SIZE: '1234', RET: 'HDRS', ENVID: 'x' }, ['8BITMIME']);
    assert.deepEqual(result, { ok: true, text: '' });
  });

  it('never passes AUTH on', () => {
    assert.deepEqual(mailFromParams({ AUTH: '<>' }, [...postfix, 'AUTH']), { ok: true, text: '' });
  });

  it('rejects SMTPUTF8 when the server lacks it', () => {
    const result = mailFromParams({ SMTPUTF8: true }, ['8BITMIME']);
    assert.deepEqual(result, { ok: false, code: 553, message: '5.6.7 the relocated mail server does not support SMTPUTF8' });
  });

  it('rejects 8BITMIME content when the server lacks it', () => {
    const result = mailFromParams({ BODY: '8BITMIME' }, ['SIZE']);
    assert.equal(result.ok, false);
    assert.equal(result.ok ? 0 : result.code, 554);
  });

  it('drops BODY=7BIT quietly when 8BITMIME is missing', () => {
    assert.deepEqual(mailFromParams({ BODY: '7BIT' }, ['SIZE']), { ok: true, text: '' });
  });

  it('encodes ENVID and ORCPT as xtext again', () => {
    assert.deepEqual(mailFromParams({ ENVID: 'a+b=c d' }, postfix), { ok: true, text: ' ENVID=a+2Bb+3Dc+20d' });
    assert.deepEqual(rcptToParams({ NOTIFY: 'FAILURE,DELAY', ORCPT: 'rfc822;a+b@example.org' }, postfix), {
      ok: true,
      text: ' NOTIFY=FAILURE,DELAY ORCPT=rfc822;a+2Bb@example.org',
    });
  });

  it('xtext-encodes UTF-8 bytes', () => {
    assert.equal(xtext('ä'), '+C3+A4');
  });
});

describe('XFORWARD', () => {
  const session = {
    id: 'abc123',
    remoteAddress: '::ffff:192.0.2.7',
    clientHostname: '[192.0.2.7]',
    hostNameAppearsAs: 'client.example',
    transmissionType: 'ESMTPS',
  };

  it('reads client facts from an smtp-server session', () => {
    assert.deepEqual(clientFacts(session), { address: '192.0.2.7', hostname: null, helo: 'client.example', protocol: 'ESMTP' });
  });

  it('sends only the attributes the server offers', () => {
    const commands = xforwardCommands(clientFacts(session), ['NAME', 'ADDR', 'PROTO', 'HELO', 'SOURCE']);
    assert.deepEqual(commands, ['XFORWARD ADDR=192.0.2.7 NAME=[UNAVAILABLE] HELO=client.example PROTO=ESMTP']);
    assert.deepEqual(xforwardCommands(clientFacts(session), ['ADDR']), ['XFORWARD ADDR=192.0.2.7']);
    assert.deepEqual(xforwardCommands(clientFacts(session), []), []);
  });

  it('prefixes IPv6 addresses', () => {
    const facts = clientFacts({ ...session, remoteAddress: '2001:db8::7' });
    assert.deepEqual(xforwardCommands(facts, ['ADDR']), ['XFORWARD ADDR=IPV6:2001:db8::7']);
  });

  it('splits long attribute lists', () => {
    const facts = clientFacts({ ...session, hostNameAppearsAs: 'h'.repeat(250), clientHostname: 'n'.repeat(250) });
    const commands = xforwardCommands(facts, ['ADDR', 'NAME', 'HELO', 'PROTO']);
    assert.equal(commands.length, 2);
    for (const command of commands) assert.ok(command.length <= 500, `${command.length} characters`);
  });
});

describe('Received line', () => {
  const client = { address: '192.0.2.7', hostname: null, helo: 'client.example', protocol: 'ESMTP' as const };
  const date = new Date(Date.UTC(2026, 11, 4, 16, 3, 5));

  it('names the client, Lyre and the single recipient', () => {
    const line = buildReceivedLine({ client, hostname: 'lists.example.org', id: 'abc', protocol: 'ESMTP', recipients: ['u@example.org'], date });
    assert.equal(
      line,
      'Received: from client.example (unknown [192.0.2.7])\r\n' +
        '\tby lists.example.org (Lyre) with ESMTP id abc\r\n' +
        '\tfor <u@example.org>; Fri, 04 Dec 2026 16:03:05 +0000\r\n',
    );
  });

  it('leaves out "for" with several recipients', () => {
    const line = buildReceivedLine({ client, hostname: 'h', id: 'abc', protocol: 'ESMTP', recipients: ['a@x.example', 'b@x.example'], date });
    assert.doesNotMatch(line, /for </);
  });

  it('replaces characters that would break the header', () => {
    const line = buildReceivedLine({ client: { ...client, helo: 'evil)\r\nX-Injected: 1' }, hostname: 'h', id: 'i', protocol: 'ESMTP', recipients: [], date });
    assert.equal(line.split('\r\n').length, 3);
    assert.doesNotMatch(line, /\r\nX-Injected/);
  });

  it('formats dates per RFC 5322', () => {
    assert.equal(rfc5322Date(new Date(Date.UTC(2024, 0, 7, 1, 2, 3))), 'Sun, 07 Jan 2024 01:02:03 +0000');
  });
});

describe('host:port', () => {
  it('parses host, IPv6 and default ports', () => {
    assert.deepEqual(parseHostPort('127.0.0.1:2525'), { host: '127.0.0.1', port: 2525 });
    assert.deepEqual(parseHostPort('[::1]:2525'), { host: '::1', port: 2525 });
    assert.deepEqual(parseHostPort('localhost', 25), { host: 'localhost', port: 25 });
  });

  it('rejects bad input with the value in the message', () => {
    assert.throws(() => parseHostPort('127.0.0.1'), /Missing port in "127.0.0.1"/);
    assert.throws(() => parseHostPort('127.0.0.1:99999'), /Invalid port/);
    assert.throws(() => parseHostPort('::1:25'), /Invalid address "::1:25"/);
  });

  it('formats IPv6 with brackets', () => {
    assert.equal(formatHostPort({ host: '::1', port: 25 }), '[::1]:25');
  });

  it('recognises loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['192.0.2.1', '10.0.0.1', 'example.org', '::2']) assert.equal(isLoopbackHost(host), false, host);
  });
});
