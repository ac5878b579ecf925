import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { documentNames } from '../../engine/documents/defaults.ts';
import { DocumentStore } from '../../engine/documents/document-store.ts';
import { rejectsWith } from './assert-error.ts';
import { startHarness, transports } from './harness.ts';

for (const transport of transports) {
  describe(`document methods over ${transport}`, () => {
    test('documents get, set and reset', async () => {
      const h = await startHarness(transport);
      try {
        const listId = (await h.client.call('lists.create', { name: 'team', host: 'lists.example.org' })).id;
        new DocumentStore(h.t.engine.store.db).set(null, 'goodbye', { subject: 'Server goodbye', body: 'Bye from the server.\n' });

        const all = await h.client.call('lists.documents', { listId });
        assert.deepEqual(all.map((d) => d.name), [...documentNames]);
        const hello = all.find((d) => d.name === 'hello')!;
        assert.equal(hello.source, 'built-in');
        assert.equal(hello.subject, 'Welcome to {{list_address}}');
        assert.match(hello.purpose, /welcome/);
        assert.equal(hello.inherited.source, 'built-in');
        assert.ok(hello.mergeTags.some((t) => t.tag === 'unsubscribe_url' && /unsubscribe link/.test(t.meaning)));
        assert.ok(!hello.mergeTags.some((t) => t.tag === 'confirm_url'), 'hello has no confirmation link');
        const confirm = all.find((d) => d.name === 'confirm')!;
        assert.ok(confirm.mergeTags.some((t) => t.tag === 'confirm_url'));
        const goodbye = all.find((d) => d.name === 'goodbye')!;
        assert.equal(goodbye.source, 'server');
        assert.equal(goodbye.subject, 'Server goodbye');

        const saved = await h.client.call('lists.setDocument', {
          listId,
          name: 'hello',
          subject: '  Hi {{name}}, welcome to {{list}}  ',
          body: 'Leave at {{unsubscribe_url}}\n',
        });
        assert.equal(saved.source, 'list');
        assert.equal(saved.subject, 'Hi {{name}}, welcome to {{list}}');
        assert.equal(saved.body, 'Leave at {{unsubscribe_url}}\n');
        assert.equal(saved.inherited.source, 'built-in');
        const reread = (await h.client.call('lists.documents', { listId })).find((d) => d.name === 'hello')!;
        assert.equal(reread.source, 'list');
        assert.equal(reread.subject, saved.subject);

        const overridden = await h.client.call('lists.setDocument', { listId, name: 'goodbye', subject: 'List goodbye', body: 'Bye.\n' });
        assert.equal(overridden.source, 'list');
        assert.equal(overridden.inherited.source, 'server');
        assert.equal(overridden.inherited.subject, 'Server goodbye');
        const back = await h.client.call('lists.setDocument', { listId, name: 'goodbye', reset: true });
        assert.equal(back.source, 'server');
        assert.equal(back.subject, 'Server goodbye');

        const reset = await h.client.call('lists.setDocument', { listId, name: 'hello', reset: true });
        assert.equal(reset.source, 'built-in');
        assert.equal(reset.subject, 'Welcome to {{list_address}}');
      } finally {
        await h.close();
      }
    });

    test('setDocument rejects bad input', async () => {
      const h = await startHarness(transport);
      try {
        const listId = (await h.client.call('lists.create', { name: 'team', host: 'lists.example.org' })).id;
        const call = (input: Record<string, unknown>) => h.client.call('lists.setDocument', { listId, name: 'hello', ...input } as never);

        await rejectsWith(call({ subject: 'Hi {{nmae}}', body: 'x' }), 'invalid', 'lists.setDocument', /unknown merge tag \{\{nmae\}\}.*\{\{name\}\}/);
        await rejectsWith(call({ subject: 'Hi', body: 'Link {{bogus_tag}}' }), 'invalid', 'lists.setDocument', /body of hello .*\{\{bogus_tag\}\}/);
        await rejectsWith(call({ subject: 'one\ntwo', body: 'x' }), 'invalid', 'lists.setDocument', /subject: a subject is one line/);
        await rejectsWith(call({ subject: '   ', body: 'x' }), 'invalid', 'lists.setDocument', /subject/);
        await rejectsWith(call({ subject: 'Hi' }), 'invalid', 'lists.setDocument', /body: body is required unless reset is true/);
        await rejectsWith(call({ reset: true, subject: 'Hi' }), 'invalid', 'lists.setDocument', /reset takes no subject or body/);
        await rejectsWith(
          h.client.call('lists.setDocument', { listId, name: 'welcome' as never, subject: 'Hi', body: 'x' }),
          'invalid',
          'lists.setDocument',
          /name/,
        );
        await rejectsWith(h.client.call('lists.documents', { listId: 999 }), 'not_found', 'lists.documents', /List 999 not found/);
        await rejectsWith(
          h.client.call('lists.setDocument', { listId: 999, name: 'hello', subject: 'Hi', body: 'x' }),
          'not_found',
          'lists.setDocument',
        );

        const untouched = (await h.client.call('lists.documents', { listId })).find((d) => d.name === 'hello')!;
        assert.equal(untouched.source, 'built-in', 'a rejected change stores nothing');
      } finally {
        await h.close();
      }
    });
  });
}
