import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { ImportProgress } from '../../engine/api/contract.ts';
import { waitFor } from '../helpers/wait.ts';
import { rejectsWith } from './assert-error.ts';
import { startHarness, transports, type Harness } from './harness.ts';

async function withList(h: Harness): Promise<number> {
  return (await h.client.call('lists.create', { name: 'team', host: 'lists.example.org' })).id;
}

for (const transport of transports) {
  describe(`member methods over ${transport}`, () => {
    test('add, query, update and remove', async () => {
      const h = await startHarness(transport);
      try {
        const listId = await withList(h);
        const alice = await h.client.call('members.add', { listId, email: 'alice@Example.org', name: 'Alice' });
        assert.equal(alice.domain, 'example.org');
        await h.client.call('members.add', { listId, email: 'bob@example.net', name: 'Bob', mode: 'digest' });
        await h.client.call('members.add', { listId, email: 'carol@example.com', name: 'Carol', status: 'held' });

        await rejectsWith(h.client.call('members.add', { listId, email: 'alice@EXAMPLE.org' }), 'conflict', 'members.add');
        await rejectsWith(h.client.call('members.add', { listId, email: 'not-an-address' }), 'invalid', 'members.add', /not-an-address/);

        const all = await h.client.call('members.query', { listId });
        assert.equal(all.total, 3);
        assert.deepEqual(all.members.map((m) => m.email), ['alice@Example.org', 'bob@example.net', 'carol@example.com']);
        const byName = await h.client.call('members.query', { listId, sort: 'name', descending: true });
        assert.deepEqual(byName.members.map((m) => m.name), ['Carol', 'Bob', 'Alice']);
        const search = await h.client.call('members.query', { listId, search: 'example.n' });
        assert.deepEqual(search.members.map((m) => m.email), ['bob@example.net']);
        const held = await h.client.call('members.query', { listId, status: 'held' });
        assert.deepEqual(held.members.map((m) => m.name), ['Carol']);
        const digest = await h.client.call('members.query', { listId, mode: 'digest' });
        assert.deepEqual(digest.members.map((m) => m.name), ['Bob']);
        const second = await h.client.call('members.query', { listId, offset: 1, limit: 1 });
        assert.equal(second.total, 3);
        assert.deepEqual(second.members.map((m) => m.name), ['Bob']);

        const edited = await h.client.call('members.update', { memberId: alice.id, name: 'Alice A.', mode: 'nomail' });
        assert.equal(edited.name, 'Alice A.');
        assert.equal(edited.mode, 'nomail');

        assert.deepEqual(await h.client.call('members.remove', { memberIds: [alice.id] }), { removed: 1 });
        assert.equal((await h.client.call('members.query', { listId, status: 'unsubscribed' })).total, 1);
        await h.client.call('members.remove', { memberIds: [alice.id], mode: 'delete' });
        assert.equal((await h.client.call('members.query', { listId })).total, 2);
        await rejectsWith(h.client.call('members.remove', { memberIds: [alice.id] }), 'not_found', 'members.remove');
        await rejectsWith(h.client.call('members.update', { memberId: alice.id, name: 'x' }), 'not_found', 'members.update');
      } finally {
        await h.close();
      }
    });

    test('import reports lines and progress', async () => {
      const h = await startHarness(transport);
      try {
        const listId = await withList(h);
        const gone = await h.client.call('members.add', { listId, email: 'gone@example.org' });
        await h.client.call('members.remove', { memberIds: [gone.id] });
        await h.client.call('members.add', { listId, email: 'kept@example.org', name: 'Kept' });

        const progress: ImportProgress[] = [];
        h.client.on('import.progress', (p) => progress.push(p));
        const text = [
          '"Smith, Ann" <ann@example.org>',
          'Ben <ben@example.org>',
          'cat@example.org (Cat)',
          'not an address',
          'ann@EXAMPLE.ORG',
          'gone@example.org',
          'kept@example.org',
        ].join('\n');
        const report = await h.client.call('members.import', { listId, text, choice: 'confirm', importId: 'imp-1' });

        assert.equal(report.records, 7);
        assert.equal(report.added, 3);
        assert.equal(report.invalid, 1);
        assert.equal(report.duplicates, 1);
        assert.equal(report.unsubscribed, 1);
        assert.equal(report.existing, 1);
        assert.deepEqual(report.issues.map((i) => [i.line, i.kind]), [
          [4, 'invalid'],
          [5, 'duplicate'],
          [6, 'unsubscribed'],
          [7, 'existing'],
        ]);
        assert.match(report.choiceNote, /unconfirmed/);
        // Five rows reach the insert phase: three new, one unsubscribed, one existing.
        await waitFor('import done event', () => progress.some((p) => p.importId === 'imp-1' && p.phase === 'done' && p.done === 5));

        const added = await h.client.call('members.query', { listId, status: 'unconfirmed' });
        assert.deepEqual(added.members.map((m) => [m.email, m.name]), [
          ['ann@example.org', 'Smith, Ann'],
          ['ben@example.org', 'Ben'],
          ['cat@example.org', 'Cat'],
        ]);
        const stillGone = await h.client.call('members.query', { listId, search: 'gone@' });
        assert.equal(stillGone.members[0]!.status, 'unsubscribed');
      } finally {
        await h.close();
      }
    });

    test('export writes CSV with fields', async () => {
      const h = await startHarness(transport);
      try {
        const listId = await withList(h);
        await h.client.call('members.import', {
          listId,
          text: 'email;name;city\nzoe@example.org;"Zoe; Z";Oslo\nyan@example.org;Yan;\n',
          importId: 'imp-2',
        });
        const exported = await h.client.call('members.export', { listId });
        assert.equal(exported.filename, 'team-members.csv');
        assert.equal(exported.count, 2);
        const lines = exported.csv.trim().split('\n');
        assert.equal(lines[0], 'email,name,status,mode,joined,city');
        assert.match(lines[1]!, /^yan@example.org,Yan,normal,mail,\d{4}-\d\d-\d\dT[^,]+,$/);
        assert.match(lines[2]!, /^zoe@example.org,Zoe; Z,normal,mail,[^,]+,Oslo$/);
        const none = await h.client.call('members.export', { listId, status: 'held' });
        assert.equal(none.count, 0);
      } finally {
        await h.close();
      }
    });
  });
}
