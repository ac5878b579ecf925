import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { rejectsWith } from './assert-error.ts';
import { startHarness, transports } from './harness.ts';

for (const transport of transports) {
  describe(`setting methods over ${transport}`, () => {
    test('read, change and validate settings', async () => {
      const h = await startHarness(transport);
      try {
        const before = await h.client.call('settings.get', {});
        assert.equal(before.values['delivery.mode'], 'mx');
        const mode = before.definitions.find((d) => d.key === 'delivery.mode')!;
        assert.deepEqual(mode.options, ['mx', 'smarthost', 'capture']);
        assert.equal(before.definitions.find((d) => d.key === 'smtp.port')!.restart, true);

        const after = await h.client.call('settings.update', {
          changes: {
            'delivery.mode': 'smarthost',
            'delivery.smarthost': 'relay.example.org:587',
            'delivery.smarthostPassword': 's3cret',
            'smtp.port': '2526',
          },
        });
        assert.equal(after.values['delivery.mode'], 'smarthost');
        assert.equal(after.values['smtp.port'], 2526);
        assert.equal(after.values['delivery.smarthostPassword'], '');
        assert.deepEqual(after.secretsSet, ['delivery.smarthostPassword']);
        assert.equal(h.t.engine.store.settings.get('delivery.smarthostPassword'), 's3cret');

        await rejectsWith(
          h.client.call('settings.update', { changes: { 'delivery.mode': 'pigeon', 'smtp.port': 25 } }),
          'invalid',
          'settings.update',
          /delivery\.mode/,
        );
        assert.equal(h.t.engine.store.settings.get('smtp.port'), 2526);
        await rejectsWith(h.client.call('settings.update', { changes: { 'no.such': 1 } }), 'invalid', 'settings.update', /Unknown setting/);
      } finally {
        await h.close();
      }
    });
  });
}
