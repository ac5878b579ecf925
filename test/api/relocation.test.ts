import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { AdminEvents } from '../../engine/api/contract.ts';
import { freePort } from '../helpers/postfix.ts';
import { waitFor } from '../helpers/wait.ts';
import { banners, FakeMta } from '../relay/fake-mta.ts';
import { rejectsWith } from './assert-error.ts';
import { startHarness, transports } from './harness.ts';

/** Postfix with smtpd_banner = "$myhostname ESMTP $mail_name ($mail_version)". */
const postfixBanner = { ...banners.postfix!, greeting: ['220 mail.example.org ESMTP Postfix (3.7.11)'] };

/**
 * Addresses outside loopback that the methods must reject. The wildcard addresses
 * stand for any remote host: if the check failed, the probe would reach this machine
 * and nothing else.
 */
const nonLoopback = ['0.0.0.0:25', '[::]:25', '0.0.0.0:2525'];

async function withFakePostfix(run: (port: number, fake: FakeMta) => Promise<void>): Promise<void> {
  const fake = new FakeMta(postfixBanner);
  const port = await fake.listen();
  try {
    await run(port, fake);
  } finally {
    await fake.close();
  }
}

for (const transport of transports) {
  describe(`relocation methods over ${transport}`, () => {
    test('detect names a fake Postfix', async () => {
      const h = await startHarness(transport);
      try {
        await withFakePostfix(async (port, fake) => {
          const result = await h.client.call('relocation.detect', { address: `127.0.0.1:${port}` });
          assert.equal(result.outcome, 'smtp');
          assert.equal(result.host, '127.0.0.1');
          assert.equal(result.port, port);
          assert.equal(result.software?.id, 'postfix');
          assert.equal(result.software?.name, 'Postfix');
          assert.equal(result.software?.version, '3.7.11');
          assert.equal(result.software?.evidence, 'greeting');
          assert.equal(result.greeting?.code, 220);
          assert.deepEqual(result.greeting?.lines, ['mail.example.org ESMTP Postfix (3.7.11)']);
          assert.ok(result.extensions.includes('PIPELINING'), `extensions: ${result.extensions.join(' ')}`);
          assert.equal(result.summary, `127.0.0.1:${port} answers as Postfix 3.7.11.`);
          assert.equal(fake.commands.at(-1), 'QUIT');
        });
      } finally {
        await h.close();
      }
    });

    test('detect defaults to port 25', async () => {
      const h = await startHarness(transport);
      try {
        const result = await h.client.call('relocation.detect', { timeoutMs: 2000 });
        assert.equal(result.host, '127.0.0.1');
        assert.equal(result.port, 25);
        assert.equal(typeof result.summary, 'string');
      } finally {
        await h.close();
      }
    });

    test('detect reports a closed port', async () => {
      const h = await startHarness(transport);
      try {
        const port = await freePort();
        const result = await h.client.call('relocation.detect', { address: `127.0.0.1:${port}` });
        assert.equal(result.outcome, 'nothing-listening');
        assert.equal(result.software, null);
        assert.equal(result.errorCode, 'ECONNREFUSED');
        assert.equal(result.summary, `Nothing is listening on 127.0.0.1:${port}.`);
      } finally {
        await h.close();
      }
    });

    test('detect and verify reject other hosts', async () => {
      const h = await startHarness(transport);
      try {
        for (const address of nonLoopback) {
          const named = new RegExp(`Invalid address ${address.replace(/[[\].]/g, '\\$&')}: only loopback`);
          await rejectsWith(
            h.client.call('relocation.detect', { address, timeoutMs: 100 }),
            'invalid',
            'relocation.detect',
            named,
          );
          await rejectsWith(
            h.client.call('relocation.verify', { address, timeoutMs: 100 }),
            'invalid',
            'relocation.verify',
            named,
          );
        }
        await rejectsWith(
          h.client.call('relocation.guide', { mta: 'postfix', to: '0.0.0.0:2525' }),
          'invalid',
          'relocation.guide',
          /0\.0\.0\.0:2525/,
        );
        await rejectsWith(
          h.client.call('relocation.detect', { address: 'not an address' }),
          'invalid',
          'relocation.detect',
          /"not an address"/,
        );
        await rejectsWith(
          h.client.call('relocation.verify', { address: '127.0.0.1' }),
          'invalid',
          'relocation.verify',
          /Missing port/,
        );
        await rejectsWith(
          h.client.call('relocation.verify', { address: '' }),
          'invalid',
          'relocation.verify',
          /address/,
        );
      } finally {
        await h.close();
      }
    });

    test('guide for postfix to a chosen port', async () => {
      const h = await startHarness(transport);
      try {
        const { detected, guide, available } = await h.client.call('relocation.guide', {
          mta: 'postfix',
          to: '127.0.0.1:2526',
        });
        assert.equal(detected, null);
        assert.ok(guide);
        assert.equal(guide.id, 'postfix');
        assert.equal(guide.name, 'Postfix');
        assert.deepEqual(guide.target, { host: '127.0.0.1', port: 2526 });
        assert.ok(guide.files.includes('/etc/postfix/master.cf'));
        const code = guide.steps.flatMap((step) => step.code ?? []);
        assert.ok(code.includes('127.0.0.1:2526 inet n - y - - smtpd'), code.join('\n'));
        assert.ok(
          code.includes('lyre config set relay.host 127.0.0.1:2526'),
          'Lyre steps follow the MTA steps',
        );
        assert.ok(
          guide.steps.every((step) => !step.text.includes('{')),
          'placeholders are filled in',
        );
        assert.match(guide.undo[0]!.text, /Stop Lyre's SMTP server/);
        assert.ok(guide.undo.some((step) => step.text.includes('delete the 127.0.0.1:2526 line')));
        assert.ok(available.some((entry) => entry.id === 'postfix' && entry.name === 'Postfix'));
        assert.ok(available.some((entry) => entry.id === 'unknown'));
      } finally {
        await h.close();
      }
    });

    test('guide names, defaults and unknown names', async () => {
      const h = await startHarness(transport);
      try {
        const exim = await h.client.call('relocation.guide', { mta: 'Exim4' });
        assert.equal(exim.guide?.id, 'exim');
        assert.deepEqual(exim.guide?.target, { host: '127.0.0.1', port: 2525 });

        await rejectsWith(
          h.client.call('relocation.guide', { mta: 'pigeon' }),
          'not_found',
          'relocation.guide',
          /"pigeon".*postfix/,
        );

        // Without a name, the guide follows whatever listens on this machine's port 25.
        const local = await h.client.call('relocation.guide', {});
        assert.equal(local.detected?.port, 25);
        if (local.detected?.outcome === 'nothing-listening') assert.equal(local.guide, null);
        else assert.equal(local.guide?.id, local.detected?.software?.id ?? 'unknown');
      } finally {
        await h.close();
      }
    });

    test('verify a relocated Postfix', async () => {
      const h = await startHarness(transport);
      try {
        await withFakePostfix(async (port) => {
          const result = await h.client.call('relocation.verify', { address: `127.0.0.1:${port}` });
          assert.equal(result.ok, true);
          assert.equal(result.outcome, 'answered');
          assert.equal(result.port, port);
          assert.equal(result.software?.id, 'postfix');
          assert.equal(result.message, `Answered as Postfix 3.7.11 on 127.0.0.1:${port}.`);
          assert.equal(result.detect.greeting?.code, 220);
        });
      } finally {
        await h.close();
      }
    });

    test('verify fails on a closed port and on Lyre', async () => {
      const h = await startHarness(transport);
      try {
        const port = await freePort();
        const closed = await h.client.call('relocation.verify', { address: `127.0.0.1:${port}` });
        assert.equal(closed.ok, false);
        assert.equal(closed.outcome, 'nothing-listening');
        assert.match(
          closed.message,
          new RegExp(`^Nothing is listening on 127\\.0\\.0\\.1:${port}: the relocated server is not running`),
        );

        const itself = await h.client.call('relocation.verify', { address: `127.0.0.1:${h.t.smtpPort}` });
        assert.equal(itself.ok, false);
        assert.equal(itself.outcome, 'is-lyre');
        assert.match(itself.message, /is Lyre itself/);
      } finally {
        await h.close();
      }
    });

    test('relay settings through settings.update', async () => {
      const h = await startHarness(transport);
      try {
        const saved = await h.client.call('settings.update', {
          changes: { 'relay.host': '127.0.0.1:2526', 'relay.domains': 'example.org, example.net' },
        });
        assert.equal(saved.values['relay.host'], '127.0.0.1:2526');
        assert.equal(saved.values['relay.domains'], 'example.org, example.net');
        assert.ok(saved.definitions.some((d) => d.key === 'relay.host' && d.why.includes('host:port')));
        assert.equal(h.t.engine.store.settings.get('relay.host'), '127.0.0.1:2526');

        await rejectsWith(
          h.client.call('settings.update', { changes: { 'relay.host': '127.0.0.1' } }),
          'invalid',
          'settings.update',
          /relay\.host.*host:port/,
        );
        await rejectsWith(
          h.client.call('settings.update', { changes: { 'relay.domains': 'not a domain' } }),
          'invalid',
          'settings.update',
          /relay\.domains/,
        );
        assert.equal(h.t.engine.store.settings.get('relay.domains'), 'example.org, example.net');
      } finally {
        await h.close();
      }
    });

    test('relay status in server.status', async () => {
      const h = await startHarness(transport);
      try {
        const before = await h.client.call('server.status', {});
        assert.deepEqual(before.relay, { host: '', reachable: null, lastError: null, checkedAt: null });
        await rejectsWith(
          h.client.call('relocation.checkRelay', {}),
          'invalid',
          'relocation.checkRelay',
          /relay\.host is empty/,
        );

        const fake = new FakeMta(postfixBanner);
        const port = await fake.listen();
        const host = `127.0.0.1:${port}`;
        const events: AdminEvents['server.status'][] = [];
        h.client.on('server.status', (status) => events.push(status));
        await h.client.call('settings.update', { changes: { 'relay.host': host } });

        const up = await h.client.call('relocation.checkRelay', {});
        assert.equal(up.host, host);
        assert.equal(up.reachable, true);
        assert.equal(up.lastError, null);
        assert.ok(up.checkedAt! > Date.now() - 60_000);
        assert.deepEqual((await h.client.call('server.status', {})).relay, up);
        await waitFor('status event with the relay up', () => events.some((s) => s.relay.reachable === true));

        await fake.close();
        const down = await h.client.call('relocation.checkRelay', {});
        assert.equal(down.host, host);
        assert.equal(down.reachable, false);
        assert.match(down.lastError ?? '', new RegExp(`${port}`));
        assert.ok(down.checkedAt! >= up.checkedAt!);
        const status = await h.client.call('server.status', {});
        assert.equal(status.relay.reachable, false);
        assert.equal(status.relay.lastError, down.lastError);
      } finally {
        await h.close();
      }
    });
  });
}
