import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { after, before, describe, it } from 'node:test';

import { SMTPServer } from 'smtp-server';

import { detectMta } from '../../engine/relay/detect.ts';
import { identifyMta } from '../../engine/relay/identify.ts';
import { LyreError } from '../../engine/errors.ts';
import { freePort } from '../helpers/postfix.ts';
import { banners, FakeMta, listenOnLoopback, rawServer } from './fake-mta.ts';

const local = (port: number) => ({ host: '127.0.0.1', port });

/** Each fake banner and what detection must make of it. */
const expectations: { banner: string; id: string; version: string | null; evidence: string }[] = [
  { banner: 'postfix', id: 'postfix', version: null, evidence: 'greeting' },
  { banner: 'sendmail', id: 'sendmail', version: '8.17.1.9', evidence: 'greeting' },
  { banner: 'exim', id: 'exim', version: '4.96', evidence: 'greeting' },
  { banner: 'opensmtpd', id: 'opensmtpd', version: null, evidence: 'greeting' },
  { banner: 'exchange', id: 'exchange', version: null, evidence: 'greeting' },
  { banner: 'iis', id: 'iis', version: '7.5.7601.17514', evidence: 'greeting' },
  { banner: 'hmailserver', id: 'hmailserver', version: null, evidence: 'ehlo' },
  { banner: 'qmail', id: 'qmail', version: null, evidence: 'ehlo' },
  { banner: 'haraka', id: 'haraka', version: '3.0.3', evidence: 'greeting' },
  { banner: 'unknown', id: 'unknown', version: null, evidence: 'none' },
];

describe('detectMta on fake banners', () => {
  for (const expected of expectations) {
    it(`names ${expected.banner}`, async () => {
      const fake = new FakeMta(banners[expected.banner]!);
      const port = await fake.listen();
      try {
        const result = await detectMta(local(port));
        assert.equal(result.outcome, 'smtp');
        assert.equal(result.software?.id, expected.id);
        assert.equal(result.software?.version, expected.version);
        assert.equal(result.software?.evidence, expected.evidence);
        assert.equal(result.greeting?.code, 220);
        assert.ok(fake.commands.some((c) => c.startsWith('EHLO ')), 'sent EHLO');
        assert.equal(fake.commands.at(-1), 'QUIT');
      } finally {
        await fake.close();
      }
    });
  }

  it('names Exchange by its EHLO keywords when the greeting is customised', async () => {
    const fake = new FakeMta({ greeting: ['220 mail.example.org'], ehlo: banners.exchange!.ehlo! });
    const port = await fake.listen();
    try {
      const result = await detectMta(local(port));
      assert.equal(result.software?.id, 'exchange');
      assert.equal(result.software?.evidence, 'ehlo');
    } finally {
      await fake.close();
    }
  });

  it('reads a multi-line greeting whole', async () => {
    const fake = new FakeMta(banners.sendmail!);
    const port = await fake.listen();
    try {
      const result = await detectMta(local(port));
      assert.equal(result.greeting?.lines.length, 2);
      assert.ok(result.extensions.includes('DELIVERBY'));
      assert.equal(result.summary, `127.0.0.1:${port} answers as sendmail 8.17.1.9.`);
    } finally {
      await fake.close();
    }
  });

  it('reports a server that turns clients away', async () => {
    const fake = new FakeMta({ greeting: ['554 5.7.1 mail.example.org ESMTP Postfix: no service'] });
    const port = await fake.listen();
    try {
      const result = await detectMta(local(port));
      assert.equal(result.outcome, 'smtp');
      assert.equal(result.greeting?.code, 554);
      assert.equal(result.software?.id, 'postfix');
      assert.equal(result.ehlo, null);
      assert.match(result.summary, /turns clients away: 554/);
    } finally {
      await fake.close();
    }
  });

  it('falls back to HELO when EHLO is rejected', async () => {
    const fake = new FakeMta({ greeting: ['220 old.example.org SMTP'] });
    const port = await fake.listen();
    try {
      const result = await detectMta(local(port));
      assert.equal(result.outcome, 'smtp');
      assert.equal(result.ehlo?.code, 250);
      assert.ok(fake.commands.some((c) => c.startsWith('HELO ')));
    } finally {
      await fake.close();
    }
  });
});

describe('detectMta on Lyre', () => {
  // The same banner option as Lyre's intake (engine/intake/smtp-server.ts).
  const server = new SMTPServer({ banner: 'Lyre ESMTP ready', authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false });
  let port = 0;
  before(async () => {
    port = await listenOnLoopback(server.server);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('recognises Lyre itself', async () => {
    const result = await detectMta(local(port));
    assert.equal(result.software?.id, 'lyre');
    assert.ok(result.extensions.includes('PIPELINING'));
  });
});

describe('detectMta failures', () => {
  it('reports nothing listening', async () => {
    const port = await freePort();
    const result = await detectMta(local(port));
    assert.equal(result.outcome, 'nothing-listening');
    assert.equal(result.errorCode, 'ECONNREFUSED');
    assert.equal(result.summary, `Nothing is listening on 127.0.0.1:${port}.`);
  });

  it('reports a service that greets with something else', async () => {
    const server = await rawServer('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
    try {
      const result = await detectMta(local(server.port));
      assert.equal(result.outcome, 'not-smtp');
      assert.equal(result.received, 'SSH-2.0-OpenSSH_9.2p1 Debian-2');
      assert.match(result.summary, /answers, but not as an SMTP server/);
    } finally {
      await server.close();
    }
  });

  it('unmasks an HTTP server that waits for the client', async () => {
    const http = createHttpServer((_request, response) => response.end('ok'));
    const port = await listenOnLoopback(http);
    try {
      const result = await detectMta(local(port), { greetingTimeoutMs: 300 });
      assert.equal(result.outcome, 'not-smtp');
      assert.match(result.received ?? '', /^HTTP\/1\.1 400/);
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('times out on a silent server', async () => {
    const server = await rawServer(null);
    try {
      const started = Date.now();
      const result = await detectMta(local(server.port), { greetingTimeoutMs: 300 });
      assert.equal(result.outcome, 'timeout');
      assert.equal(result.errorCode, 'ETIMEDOUT');
      assert.match(result.summary, /sent no greeting within 300 ms/);
      assert.ok(Date.now() - started < 5000, 'gave up in time');
    } finally {
      await server.close();
    }
  });

  it('waits for a slow greeting during the probe', async () => {
    const fake = new FakeMta({ ...banners.postfix!, greetingDelayMs: 600 });
    const port = await fake.listen();
    try {
      const result = await detectMta(local(port), { greetingTimeoutMs: 300 });
      assert.equal(result.outcome, 'smtp');
      assert.equal(result.software?.id, 'postfix');
      assert.ok(result.extensions.includes('SMTPUTF8'));
    } finally {
      await fake.close();
    }
  });

  it('times out on a slow EHLO reply', async () => {
    // An empty EHLO reply makes the fake send nothing back.
    const silentEhlo = new FakeMta({ greeting: ['220 slow.example.org ESMTP'], ehlo: [] });
    const port = await silentEhlo.listen();
    try {
      const result = await detectMta(local(port), { replyTimeoutMs: 300 });
      assert.equal(result.outcome, 'timeout');
      assert.equal(result.detail, `127.0.0.1:${port} sent no reply to EHLO within 300 ms`);
    } finally {
      await silentEhlo.close();
    }
  });

  it('refuses to probe another machine', async () => {
    await assert.rejects(detectMta({ host: '192.0.2.1', port: 25 }), (error: unknown) => {
      assert.ok(error instanceof LyreError);
      assert.equal(error.kind, 'invalid');
      assert.match(error.message, /only loopback addresses/);
      return true;
    });
  });
});

describe('identifyMta', () => {
  it('does not take a host named lyre for Lyre', () => {
    const greeting = { code: 220, lines: ['Lyre.example.org ESMTP Postfix (Debian/GNU)'] };
    assert.equal(identifyMta(greeting, null).id, 'postfix');
  });
});
