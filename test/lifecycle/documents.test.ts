import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { main } from '../../engine/cli/main.ts';
import { mergeText } from '../../engine/documents/merge.ts';
import { CommandHarness } from '../commands/harness.ts';

/** Run the command line, returning its exit code and standard output. */
async function lyre(args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await main(args);
    return { code, out: chunks.join('') };
  } finally {
    process.stdout.write = write;
  }
}

test('merge tags fill known tags and keep unknown ones', () => {
  assert.equal(mergeText('Hi {{name}}, {{ list }} {{nope}} {{expires}}.', { name: 'Ann', list: 'team' }), 'Hi Ann, team {{nope}} .');
});

test('list and server documents are used with merge tags', async () => {
  const h = await CommandHarness.start();
  try {
    h.store.lists.create({ name: 'team', host: 'lists.example.org', settings: { joinPolicy: 'open' } });
    h.store.lists.create({ name: 'club', host: 'lists.example.org', settings: { joinPolicy: 'open' } });
    const data = ['--data', h.t.dataDir];
    const listFile = join(h.t.dataDir, 'hello.txt');
    writeFileSync(listFile, 'Subject: Hi {{name}}, welcome to {{list}}\n\nYour address: {{email}}\nLeave: {{unsubscribe_url}}\n');
    const serverFile = join(h.t.dataDir, 'server-hello.txt');
    writeFileSync(serverFile, 'Server-wide welcome to {{list_address}}.\n');

    assert.equal((await lyre([...data, 'list', 'doc', 'team', 'hello', listFile])).code, 0);
    assert.equal((await lyre([...data, 'list', 'doc', '--server', 'hello', serverFile])).code, 0);
    const shown = await lyre([...data, 'list', 'doc', 'team', 'hello']);
    assert.match(shown.out, /^# hello \(list\)\nSubject: Hi \{\{name\}\}, welcome to \{\{list\}\}\n\nYour address/);
    const listing = await lyre([...data, 'list', 'doc', 'club']);
    assert.match(listing.out, /hello +server/);
    assert.equal((await lyre([...data, 'list', 'doc', 'team', 'bogus'])).code, 2);

    await h.send({ from: 'Ann Lee <ann@example.org>', to: 'team-join@lists.example.org', subject: '', text: '' });
    const own = await h.next('ann@example.org', (m) => m.subject === 'Hi Ann Lee, welcome to team');
    assert.match(own.text, /Your address: ann@example\.org\nLeave: http:\/\/localhost:\d+\/u\/[0-9a-z]+-[a-z2-7]{16}/);

    await h.send({ from: 'ann@example.org', to: 'club-join@lists.example.org', subject: '', text: '' });
    const server = await h.next('ann@example.org', (m) => m.subject === 'Welcome to club@lists.example.org');
    assert.match(server.text, /Server-wide welcome to club@lists\.example\.org\./);

    assert.equal((await lyre([...data, 'list', 'doc', 'team', 'hello', '--reset'])).code, 0);
    assert.match((await lyre([...data, 'list', 'doc', 'team', 'hello'])).out, /^# hello \(server\)/);
  } finally {
    await h.close();
  }
});

test('list set join and admin-password', async () => {
  const h = await CommandHarness.start();
  try {
    const list = h.store.lists.create({ name: 'team', host: 'lists.example.org' });
    const data = ['--data', h.t.dataDir];
    assert.equal((await lyre([...data, 'list', 'set', 'team', 'join', 'private'])).code, 0);
    assert.equal(h.store.lists.get(list.id)?.settings.joinPolicy, 'private');
    assert.equal((await lyre([...data, 'list', 'set', 'team', 'join', 'sometimes'])).code, 2);
    assert.equal((await lyre([...data, 'list', 'set', 'team', 'admin-password', 'short'])).code, 2);
    assert.equal((await lyre([...data, 'list', 'set', 'team', 'admin-password', 'long-enough-secret'])).code, 0);
    const hash = (h.store.db.prepare('SELECT hash FROM list_admin_passwords WHERE list_id = ?').get(list.id) as { hash: string }).hash;
    assert.match(hash, /^scrypt\$32768\$8\$1\$/);
    assert.ok(!hash.includes('long-enough-secret'));
  } finally {
    await h.close();
  }
});
