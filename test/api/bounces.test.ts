import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { rejectsWith } from './assert-error.ts';
import { startHarness, transports } from './harness.ts';

for (const transport of transports) {
  describe(`bounce methods over ${transport}`, () => {
    test('held members, history and reinstate', async () => {
      const h = await startHarness(transport);
      try {
        const store = h.t.engine.store;
        const list = store.lists.create({ name: 'team', host: 'lists.example.org' });
        const member = store.members.add(list.id, { email: 'full@example.org', name: 'Full Box' });
        store.members.add(list.id, { email: 'fine@example.org' });
        store.db.prepare("UPDATE members SET status = 'held', bounce_count = 5, last_bounce_at = ? WHERE id = ?").run(Date.now(), member.id);
        const [incoming] = store.incoming.insertMany([{
          sessionId: 's1',
          clientIp: '127.0.0.1',
          helo: 'mx.example.org',
          mailFrom: '',
          recipients: [],
          messageId: null,
          raw: Buffer.from('Subject: Undelivered Mail\r\n\r\nmailbox full\r\n'),
        }]);
        store.bounces.insert({
          source: 'dsn',
          incomingId: incoming,
          listId: list.id,
          memberId: member.id,
          rcpt: member.email,
          attributedBy: 'token',
          kind: 'soft',
          reason: 'mailbox full',
          status: '4.2.2',
          detail: '452 4.2.2 Mailbox full',
          counted: true,
        });

        const held = await h.client.call('bounces.held', {});
        assert.equal(held.total, 1);
        assert.equal(held.members[0]!.email, 'full@example.org');
        assert.equal(held.members[0]!.listName, 'team');
        assert.equal(held.members[0]!.lastReason, 'mailbox full');
        assert.equal((await h.client.call('bounces.held', { search: 'nobody' })).total, 0);

        const history = await h.client.call('bounces.history', { memberId: member.id });
        assert.equal(history.length, 1);
        assert.equal(history[0]!.kind, 'soft');
        assert.equal(history[0]!.counted, true);
        assert.equal(history[0]!.hasRaw, true);
        const raw = await h.client.call('bounces.raw', { bounceId: history[0]!.id });
        assert.match(raw.raw, /mailbox full/);
        assert.equal(raw.truncated, false);

        const back = await h.client.call('bounces.reinstate', { memberId: member.id });
        assert.equal(back.status, 'normal');
        assert.equal(back.bounceCount, 0);
        assert.equal((await h.client.call('bounces.held', { listId: list.id })).total, 0);
        await rejectsWith(h.client.call('bounces.reinstate', { memberId: member.id }), 'conflict', 'bounces.reinstate', /not held/);
        await rejectsWith(h.client.call('bounces.history', { memberId: 12345 }), 'not_found', 'bounces.history');
      } finally {
        await h.close();
      }
    });
  });
}
