import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { AdminEvents } from '../../engine/api/contract.ts';
import { waitFor } from '../helpers/wait.ts';
import { rejectsWith } from './assert-error.ts';
import { startHarness, transports } from './harness.ts';

for (const transport of transports) {
  describe(`server methods over ${transport}`, () => {
    test('status shows listeners and queue', async () => {
      const h = await startHarness(transport);
      try {
        const status = await h.client.call('server.status', {});
        assert.equal(status.running, true);
        assert.equal(status.smtp.listening, true);
        assert.equal(status.smtp.port, h.t.smtpPort);
        assert.equal(status.queueSize, 0);
        assert.equal(status.deliveryMode, 'mx');
      } finally {
        await h.close();
      }
    });

    test('stop and start SMTP with status events', async () => {
      const h = await startHarness(transport);
      try {
        const seen: AdminEvents['server.status'][] = [];
        h.client.on('server.status', (status) => seen.push(status));

        const stopped = await h.client.call('server.stopSmtp', {});
        assert.equal(stopped.smtp.listening, false);
        await waitFor('stopped status event', () => seen.some((s) => !s.smtp.listening));

        const started = await h.client.call('server.startSmtp', {});
        assert.equal(started.smtp.listening, true);
        assert.ok(started.smtp.port! > 0);
        await waitFor('started status event', () => seen.some((s) => s.smtp.listening));
      } finally {
        await h.close();
      }
    });

    test('activity covers the requested days', async () => {
      const h = await startHarness(transport);
      try {
        const days = await h.client.call('server.activity', { days: 7 });
        assert.equal(days.length, 7);
        assert.ok(days.every((d, i) => i === 0 || d.day - days[i - 1]!.day === 86_400_000));
        assert.deepEqual(Object.keys(days[0]!).sort(), ['bounces', 'day', 'deferred', 'delivered', 'failed']);
      } finally {
        await h.close();
      }
    });

    test('logs and log events', async () => {
      const h = await startHarness(transport);
      try {
        const lines: AdminEvents['log'][] = [];
        h.client.on('log', (line) => lines.push(line));
        await h.client.call('lists.create', { name: 'logged', host: 'lists.example.org' });
        await waitFor('CREATED log event', () => lines.some((l) => l.msg === 'CREATED' && l.list === 'logged'));

        const recent = await h.client.call('logs.recent', { limit: 50 });
        assert.ok(recent.some((l) => l.msg === 'CREATED' && l.subsystem === 'api'));
        const errorsOnly = await h.client.call('logs.recent', { minLevel: 50 });
        assert.ok(errorsOnly.every((l) => l.level >= 50));
      } finally {
        await h.close();
      }
    });

    test('unknown method and invalid input', async () => {
      const h = await startHarness(transport);
      try {
        await rejectsWith(h.client.call('no.such' as 'server.status', {}), 'not_found', 'no.such', /Unknown admin method/);
        await rejectsWith(h.client.call('server.activity', { days: 0 }), 'invalid', 'server.activity', /days/);
        await rejectsWith(h.client.call('server.status', { extra: 1 } as unknown as Record<string, never>), 'invalid', 'server.status');
      } finally {
        await h.close();
      }
    });
  });
}
