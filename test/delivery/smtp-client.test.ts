import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, test } from 'node:test';

import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

import { SmtpClient, SmtpFailure, type SmtpClientOptions } from '../../engine/delivery/smtp-client.ts';

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
});

/** A real smtp-server on loopback that keeps what it accepts; `options` change its behaviour. */
async function startServer(options: Partial<SMTPServerOptions> = {}): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('gone')) return callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (raw.includes('reject-me')) return callback(Object.assign(new Error('5.6.0 Content refused'), { responseCode: 554 }));
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
    ...options,
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as { port: number }).port, received };
}

/** A scripted server: `reply` returns the bytes to send back for each line received. */
async function startScripted(greeting: string, reply: (line: string) => string | null): Promise<number> {
  const server: Server = createServer((socket) => {
    socket.write(greeting);
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        const answer = reply(buffer.slice(0, newline).replace(/\r$/, ''));
        buffer = buffer.slice(newline + 1);
        if (answer !== null) socket.write(answer);
        newline = buffer.indexOf('\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

function options(port: number, extra: Partial<SmtpClientOptions> = {}): SmtpClientOptions {
  return { ip: '127.0.0.1', port, servername: undefined, heloName: 'client.test', timeoutMs: 5000, tls: 'none', verifyCertificate: false, ...extra };
}

const message = [Buffer.from('Subject: hi\r\n'), Buffer.from('\r\n.dotted line\r\nbare LF\nend\r\n')];

test('client pipelines and delivers', async () => {
  const server = await startServer();
  const client = await SmtpClient.open(options(server.port));
  assert.equal(client.hasExtension('PIPELINING'), true);
  const reply = await client.send('bounce@lists.test', 'alice@example.test', message);
  assert.equal(reply.code, 250);
  await client.quit();
  assert.equal(server.received.length, 1);
  assert.equal(server.received[0]!.from, 'bounce@lists.test');
  assert.deepEqual(server.received[0]!.to, ['alice@example.test']);
  assert.equal(server.received[0]!.raw.toString(), 'Subject: hi\r\n\r\n.dotted line\r\nbare LF\r\nend\r\n');
});

test('client sends one command at a time without PIPELINING', async () => {
  const server = await startServer({ hidePIPELINING: true });
  const client = await SmtpClient.open(options(server.port));
  assert.equal(client.hasExtension('PIPELINING'), false);
  await client.send('a@lists.test', 'b@example.test', message);
  await client.send('a@lists.test', 'c@example.test', message);
  await client.quit();
  assert.deepEqual(server.received.map((r) => r.to[0]), ['b@example.test', 'c@example.test']);
});

test('refused recipient fails, then RSET reuses', async () => {
  const server = await startServer();
  const client = await SmtpClient.open(options(server.port));
  const failure = await client.send('a@lists.test', 'gone@example.test', message).catch((error: unknown) => error);
  assert.ok(failure instanceof SmtpFailure);
  assert.equal(failure.command, 'RCPT TO');
  assert.equal(failure.reply?.code, 550);
  assert.match(failure.reply!.text, /No such user/);
  await client.reset();
  assert.equal(client.usable, true);
  await client.send('a@lists.test', 'ok@example.test', message);
  await client.quit();
  assert.deepEqual(server.received.map((r) => r.to[0]), ['ok@example.test']);
});

test('refused message fails at DATA', async () => {
  const server = await startServer();
  const client = await SmtpClient.open(options(server.port));
  const failure = await client.send('a@lists.test', 'b@example.test', [Buffer.from('Subject: x\r\n\r\nreject-me\r\n')]).catch((e: unknown) => e);
  assert.ok(failure instanceof SmtpFailure);
  assert.equal(failure.code, 'EMESSAGE');
  assert.equal(failure.command, 'DATA');
  assert.equal(failure.reply?.code, 554);
  await client.quit();
});

test('opportunistic STARTTLS upgrades', async () => {
  const server = await startServer();
  const client = await SmtpClient.open(options(server.port, { tls: 'opportunistic' }));
  assert.equal(client.secure, true);
  await client.send('a@lists.test', 'b@example.test', message);
  await client.quit();
  assert.equal(server.received.length, 1);
});

test('required STARTTLS fails when refused', async () => {
  const port = await startScripted('220 plain ESMTP\r\n', (line) => {
    if (line.startsWith('EHLO')) return '250-plain\r\n250 PIPELINING\r\n';
    if (line === 'STARTTLS') return '454 4.7.0 TLS not available\r\n';
    return '250 ok\r\n';
  });
  const failure = await SmtpClient.open(options(port, { tls: 'required' })).catch((e: unknown) => e);
  assert.ok(failure instanceof SmtpFailure);
  assert.equal(failure.code, 'ETLS');
  assert.equal(failure.command, 'STARTTLS');
});

test('refused EHLO falls back to HELO', async () => {
  const lines: string[] = [];
  const port = await startScripted('220 old SMTP\r\n', (line) => {
    lines.push(line);
    if (line.startsWith('EHLO')) return '502 5.5.1 Command not implemented\r\n';
    if (line === 'DATA') return '354 go on\r\n';
    if (line === 'QUIT') return '221 bye\r\n';
    return '250 ok\r\n';
  });
  const client = await SmtpClient.open(options(port));
  assert.equal(client.hasExtension('PIPELINING'), false);
  await client.send('a@lists.test', 'b@example.test', [Buffer.from('Subject: x\r\n\r\nhi\r\n')]);
  await client.quit();
  assert.deepEqual(lines.slice(0, 4), ['EHLO client.test', 'HELO client.test', 'MAIL FROM:<a@lists.test>', 'RCPT TO:<b@example.test>']);
});

test('bad greeting fails the connection', async () => {
  const port = await startScripted('554 5.7.1 No service\r\n', () => null);
  const failure = await SmtpClient.open(options(port)).catch((e: unknown) => e);
  assert.ok(failure instanceof SmtpFailure);
  assert.equal(failure.command, 'CONN');
  assert.equal(failure.reply?.code, 554);
});

test('silent server times out at DATA', async () => {
  const port = await startScripted('220 slow ESMTP\r\n', (line) => {
    if (line.startsWith('EHLO')) return '250-slow\r\n250 PIPELINING\r\n';
    if (line === 'DATA') return '354 go on\r\n';
    if (line === '.') return null;
    return line.startsWith('MAIL') || line.startsWith('RCPT') ? '250 ok\r\n' : null;
  });
  const client = await SmtpClient.open(options(port, { timeoutMs: 300 }));
  const started = Date.now();
  const failure = await client.send('a@lists.test', 'b@example.test', [Buffer.from('Subject: x\r\n\r\nhi\r\n')]).catch((e: unknown) => e);
  assert.ok(failure instanceof SmtpFailure);
  assert.equal(failure.code, 'ETIMEDOUT');
  assert.equal(failure.command, 'DATA');
  assert.ok(Date.now() - started < 3000);
  assert.equal(client.usable, false);
});

test('closed connection fails the pending command', async () => {
  const server: Server = createServer((socket) => {
    socket.write('220 flaky ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('EHLO')) socket.write('250 flaky\r\n');
      else socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const client = await SmtpClient.open(options((server.address() as { port: number }).port));
  const failure = await client.send('a@lists.test', 'b@example.test', message).catch((e: unknown) => e);
  assert.ok(failure instanceof SmtpFailure);
  assert.equal(failure.code, 'ECONNECTION');
  assert.equal(failure.command, 'MAIL FROM');
  assert.equal(client.usable, false);
});

test('next envelope goes ahead with the data', async () => {
  const lines: string[] = [];
  let inData = false;
  const port = await startScripted('220 pipe ESMTP\r\n', (line) => {
    if (inData) {
      if (line === '.') {
        inData = false;
        lines.push('.');
        return '250 2.0.0 queued\r\n';
      }
      return null;
    }
    lines.push(line);
    if (line.startsWith('EHLO')) return '250-pipe\r\n250 PIPELINING\r\n';
    if (line === 'DATA') {
      inData = true;
      return '354 go on\r\n';
    }
    if (line === 'QUIT') return '221 bye\r\n';
    return '250 ok\r\n';
  });
  const client = await SmtpClient.open(options(port));
  const body = [Buffer.from('Subject: x\r\n\r\nhi\r\n')];
  await client.send('a@lists.test', 'first@example.test', body, { from: 'b@lists.test', to: 'second@example.test' });
  assert.equal(client.hasEnvelopeAhead, true);
  await client.send('b@lists.test', 'second@example.test', body);
  assert.equal(client.hasEnvelopeAhead, false);
  await client.quit();
  assert.deepEqual(lines.slice(1), [
    'MAIL FROM:<a@lists.test>',
    'RCPT TO:<first@example.test>',
    'DATA',
    '.',
    'MAIL FROM:<b@lists.test>',
    'RCPT TO:<second@example.test>',
    'DATA',
    '.',
    'QUIT',
  ]);
});

test('envelope ahead delivers through smtp-server', async () => {
  const server = await startServer();
  const client = await SmtpClient.open(options(server.port));
  await client.send('a@lists.test', 'one@example.test', message, { from: 'a@lists.test', to: 'gone@example.test' });
  const refused = await client.send('a@lists.test', 'gone@example.test', message).catch((e: unknown) => e);
  assert.ok(refused instanceof SmtpFailure);
  assert.equal(refused.command, 'RCPT TO');
  await client.reset();
  await client.send('a@lists.test', 'two@example.test', message, { from: 'a@lists.test', to: 'three@example.test' });
  await client.send('a@lists.test', 'three@example.test', message);
  await client.quit();
  assert.deepEqual(server.received.map((r) => r.to[0]), ['one@example.test', 'two@example.test', 'three@example.test']);
});

test('abandoned envelope ahead closes the connection', async () => {
  const server = await startServer();
  const client = await SmtpClient.open(options(server.port));
  await client.send('a@lists.test', 'one@example.test', message, { from: 'a@lists.test', to: 'never@example.test' });
  client.abandonAhead();
  assert.equal(client.usable, false);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(server.received.map((r) => r.to[0]), ['one@example.test']);
});

test('other envelope than the one ahead is refused', async () => {
  const server = await startServer();
  const client = await SmtpClient.open(options(server.port));
  await client.send('a@lists.test', 'one@example.test', message, { from: 'a@lists.test', to: 'two@example.test' });
  const failure = await client.send('a@lists.test', 'other@example.test', message).catch((e: unknown) => e);
  assert.ok(failure instanceof SmtpFailure);
  assert.equal(failure.code, 'EPROTOCOL');
  assert.equal(client.usable, false);
});
