import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { rejectsWith } from './assert-error.ts';
import { startHarness, transports } from './harness.ts';

for (const transport of transports) {
  describe(`list methods over ${transport}`, () => {
    test('create, read, update and delete', async () => {
      const h = await startHarness(transport);
      try {
        const created = await h.client.call('lists.create', {
          name: 'news',
          host: 'Lists.Example.org',
          type: 'announcement',
          settings: { joinPolicy: 'private', moderation: 'all', description: 'Monthly news' },
        });
        assert.equal(created.host, 'lists.example.org');
        assert.equal(created.type, 'announcement');
        assert.equal(created.settings.joinPolicy, 'private');
        assert.equal(created.settings.moderation, 'all');

        h.t.engine.store.members.add(created.id, { email: 'held@example.org', status: 'held' });
        const all = await h.client.call('lists.list', {});
        assert.deepEqual(all.map((l) => [l.name, l.members, l.held]), [['news', 1, 1]]);

        const updated = await h.client.call('lists.update', { listId: created.id, settings: { subjectPrefix: '[news]' } });
        assert.equal(updated.settings.subjectPrefix, '[news]');
        assert.equal(updated.settings.description, 'Monthly news');
        const read = await h.client.call('lists.get', { listId: created.id });
        assert.equal(read.settings.subjectPrefix, '[news]');

        await rejectsWith(h.client.call('lists.delete', { listId: created.id, confirmName: 'nws' }), 'invalid', 'lists.delete', /does not match/);
        assert.deepEqual(await h.client.call('lists.delete', { listId: created.id, confirmName: 'news' }), { deleted: true });
        await rejectsWith(h.client.call('lists.get', { listId: created.id }), 'not_found', 'lists.get');
      } finally {
        await h.close();
      }
    });

    test('create rejects bad names and duplicates', async () => {
      const h = await startHarness(transport);
      try {
        await h.client.call('lists.create', { name: 'team', host: 'example.org' });
        await rejectsWith(h.client.call('lists.create', { name: 'team', host: 'example.org' }), 'conflict', 'lists.create', /already exists/);
        await rejectsWith(h.client.call('lists.create', { name: 'team-request', host: 'example.org' }), 'invalid', 'lists.create');
        await rejectsWith(h.client.call('lists.create', { name: 'has space', host: 'example.org' }), 'invalid', 'lists.create', /Invalid list name/);
        await rejectsWith(
          h.client.call('lists.create', { name: 'ok', host: 'example.org', settings: { joinPolicy: 'anyone' as 'open' } }),
          'invalid',
          'lists.create',
          /settings.joinPolicy/,
        );
      } finally {
        await h.close();
      }
    });
  });
}
