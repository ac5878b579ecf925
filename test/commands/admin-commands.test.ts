import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { setListAdminPassword } from '../../engine/commands/auth.ts';
import { CommandHarness } from './harness.ts';

let h: CommandHarness;
const admin = 'boss@example.org';
const password = 'Tr0ub4dor-team';

before(async () => {
  h = await CommandHarness.start();
  const team = h.store.lists.create({ name: 'team', host: 'lists.example.org', settings: { joinPolicy: 'closed' } });
  h.store.lists.create({ name: 'other', host: 'lists.example.org' });
  await setListAdminPassword(h.store, team, password);
});

after(async () => {
  await h.close();
});

async function commands(text: string, to = 'lyre@lists.example.org', subject = 'admin'): Promise<string> {
  await h.send({ from: admin, to, subject, text });
  const reply = await h.next(admin, (m) => m.subject === `Re: ${subject}`);
  return reply.text;
}

const member = (list: string, email: string) => h.store.members.byEmail(h.store.lists.byName(list)!.id, email);

test('wrong admin password refuses admin commands', async () => {
  const text = await commands('login not-the-password\nadd team eve@example.org\n');
  assert.match(text, /> login XXXX\nLogin failed/);
  assert.match(text, /Not done: the password given with "login" is not the administrator password of team\./);
  assert.equal(member('team', 'eve@example.org'), undefined);
  assert.doesNotMatch(text, /not-the-password/);
});

test('admin command without login is refused', async () => {
  const text = await commands('add team eve@example.org\n');
  assert.match(text, /this is an administrator command; send "login PASSWORD"/);
});

test('login unlocks only its own list', async () => {
  const text = await commands(`login ${password}\nadd other someone@example.org\nquery team\n`);
  assert.match(text, /Logged in as administrator of team\./);
  assert.match(text, /not the administrator password of other/);
});

test('add, add quiet and add sendconfirm', async () => {
  const text = await commands(
    `login ${password}\nadd team carol@example.org Carol King\nadd team quiet quincy@example.org\nadd team sendconfirm "Sam Smith" <sam@example.org>\nadd team carol@example.org\n`,
  );
  assert.match(text, /Added carol@example\.org to team@lists\.example\.org\./);
  assert.match(text, /Added quincy@example\.org to team@lists\.example\.org\./);
  assert.match(text, /Sent sam@example\.org a request to confirm joining team@lists\.example\.org\./);
  assert.match(text, /carol@example\.org is already a member of team@lists\.example\.org \(status normal\); left unchanged\./);
  assert.equal(member('team', 'carol@example.org')?.name, 'Carol King');
  assert.equal(member('team', 'quincy@example.org')?.status, 'normal');
  assert.equal(member('team', 'sam@example.org')?.status, 'unconfirmed');
  assert.equal(member('team', 'sam@example.org')?.name, 'Sam Smith');
  await h.next('carol@example.org', (m) => m.subject === 'Welcome to team@lists.example.org');
  await h.next('sam@example.org', (m) => m.subject === 'Confirm your subscription to team@lists.example.org');
  await h.settle();
  assert.deepEqual(await h.unread('quincy@example.org'), []);
});

test('bulk add reports bad lines by line number', async () => {
  const body = [
    `login ${password}`,
    'add team quiet <<',
    'Ann One <ann@example.org>',
    'not an address at all',
    '"Bob, Two" <bob@example.org>',
    'Broken <missing-at.example.org>',
    'carol@example.org',
    '>>',
    'which',
  ].join('\n');
  const text = await commands(body);
  assert.match(text, /> add team quiet << \(5 lines\) >>\nteam@lists\.example\.org: 2 added, 1 already members, 2 bad lines\./);
  assert.match(text, /line 4: "not an address at all" has no address/);
  assert.match(text, /line 6: Invalid email address "missing-at\.example\.org"/);
  assert.match(text, /line 7: carol@example\.org is already a member/);
  assert.match(text, /> which\n/);
  assert.equal(member('team', 'ann@example.org')?.name, 'Ann One');
  assert.equal(member('team', 'bob@example.org')?.name, 'Bob, Two');
});

test('delete, review names and member approve or reject', async () => {
  const team = h.store.lists.byName('team')!;
  const first = h.store.members.add(team.id, { email: 'waiting1@example.org', status: 'pending' });
  const second = h.store.members.add(team.id, { email: 'waiting2@example.org', status: 'pending' });
  const text = await commands(
    `login ${password}\ndelete team quiet ann@example.org\nreview team names\nmember approve ${first.id}\nmember reject ${second.id} 99999\n`,
  );
  assert.match(text, /Unsubscribed ann@example\.org from team@lists\.example\.org\./);
  assert.match(text, new RegExp(`  ${first.id}  waiting1@example\\.org  pending  mail`));
  assert.match(text, new RegExp(`${first.id}: approved waiting1@example\\.org`));
  assert.match(text, new RegExp(`${second.id}: rejected waiting2@example\\.org`));
  assert.match(text, /99999: no such member\./);
  assert.equal(member('team', 'ann@example.org')?.status, 'unsubscribed');
  assert.equal(member('team', 'waiting1@example.org')?.status, 'normal');
  assert.equal(member('team', 'waiting2@example.org')?.status, 'unsubscribed');
  await h.next('waiting1@example.org', (m) => m.subject === 'Welcome to team@lists.example.org');
  await h.next('waiting2@example.org', (m) => /was not approved/.test(m.text));
});

test('password is masked in the stored message, reply and logs', async () => {
  await h.send({ from: admin, to: 'team-request@lists.example.org', subject: `login ${password}`, text: `login ${password}\nreview team names\n` });
  const reply = await h.next(admin, (m) => m.subject === 'Re: login XXXX');
  assert.match(reply.text, /> login XXXX\nLogged in as administrator of team\./);
  const rows = h.store.db.prepare('SELECT raw FROM incoming_messages').all() as { raw: Buffer }[];
  for (const row of rows) assert.ok(!row.raw.includes(password), 'no stored message keeps the password');
  const masked = rows.map((r) => r.raw.toString('utf8')).filter((raw) => raw.includes('login XXXX'));
  assert.ok(masked.length >= 5, 'the messages with a login are stored masked');
  const notices = h.store.db.prepare('SELECT raw FROM posts WHERE raw IS NOT NULL').all() as { raw: Buffer }[];
  for (const notice of notices) assert.ok(!notice.raw.includes(password), 'no reply carries the password');
  const outbox = h.store.db.prepare('SELECT spec FROM notice_outbox').all() as { spec: string }[];
  for (const entry of outbox) assert.ok(!entry.spec.includes(password));
  const logs = JSON.stringify(h.t.engine.logs.recent(1000));
  assert.ok(!logs.includes(password), 'no log line carries the password');
});
