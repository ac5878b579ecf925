import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { CommandHarness } from './harness.ts';

let h: CommandHarness;

before(async () => {
  h = await CommandHarness.start();
  h.store.lists.create({ name: 'team', host: 'lists.example.org', settings: { joinPolicy: 'open', description: 'The team' } });
  h.store.lists.create({ name: 'news', host: 'lists.example.org', settings: { joinPolicy: 'open', rosterVisibility: 'public' } });
  h.store.lists.create({ name: 'club', host: 'lists.example.org', settings: { joinPolicy: 'open', rosterVisibility: 'members' } });
});

after(async () => {
  await h.close();
});

/** Send command lines to an address and return the text of the one reply. */
async function commands(from: string, text: string, to = 'lyre@lists.example.org'): Promise<string> {
  await h.send({ from, to, subject: 'commands', text });
  const reply = await h.next(from, (m) => m.subject === 'Re: commands');
  return reply.text;
}

const memberOf = (list: string, email: string) => h.store.members.byEmail(h.store.lists.byName(list)!.id, email);

test('subscribe and its synonyms join an open list', async () => {
  for (const [keyword, email] of [
    ['subscribe', 'sub1@example.org'],
    ['JOIN', 'sub2@example.org'],
    ['Sub', 'sub3@example.org'],
  ]) {
    const text = await commands(email!, `${keyword} team Pat Example\n`);
    assert.match(text, /You are now a member of team@lists\.example\.org/);
    assert.equal(memberOf('team', email!)?.status, 'normal', keyword);
    assert.equal(memberOf('team', email!)?.name, 'Pat Example', keyword);
    const hello = await h.next(email!, (m) => m.subject === 'Welcome to team@lists.example.org');
    assert.match(hello.text, /Hello Pat Example/);
  }
});

test('subscribe without a name takes the From display name', async () => {
  await commands('Dana Q <dana@example.org>', 'subscribe team\n');
  assert.equal(memberOf('team', 'dana@example.org')?.name, 'Dana Q');
});

test('unsubscribe and its synonyms leave the list', async () => {
  const keywords = ['unsubscribe', 'signoff', 'leave', 'unsub', 'remove'];
  for (const [index, keyword] of keywords.entries()) {
    const email = `leaver${index}@example.org`;
    h.store.members.add(h.store.lists.byName('team')!.id, { email });
    const text = await commands(email, `${keyword} team\n`);
    assert.match(text, new RegExp(`${email} has left team@lists\\.example\\.org`), keyword);
    assert.equal(memberOf('team', email)?.status, 'unsubscribed', keyword);
    const goodbye = await h.next(email, (m) => m.subject === 'You have left team@lists.example.org');
    assert.match(goodbye.text, /no longer a member/);
  }
});

test('unsubscribe of a non-member says so', async () => {
  const text = await commands('stranger@example.org', 'unsubscribe team\n');
  assert.match(text, /stranger@example\.org is not a member of team@lists\.example\.org/);
});

test('set changes the delivery mode and the name', async () => {
  const email = 'setter@example.org';
  h.store.members.add(h.store.lists.byName('team')!.id, { email, name: 'Old' });
  for (const mode of ['digest', 'mimedigest', 'index', 'nomail', 'mail']) {
    const text = await commands(email, `set team ${mode}\n`);
    assert.match(text, /You now receive/, mode);
    assert.equal(memberOf('team', email)?.mode, mode);
  }
  const named = await commands(email, 'set team name=Río Nuevo\n');
  assert.match(named, /Your name on team@lists\.example\.org is now "Río Nuevo"/);
  assert.equal(memberOf('team', email)?.name, 'Río Nuevo');
  const bad = await commands(email, 'set team weekly\n');
  assert.match(bad, /"weekly" is not a setting/);
});

test('query, which, lists and info describe memberships and lists', async () => {
  const email = 'asker@example.org';
  h.store.members.add(h.store.lists.byName('team')!.id, { email, name: 'Ask' });
  h.store.members.add(h.store.lists.byName('news')!.id, { email, mode: 'digest' });
  const text = await commands(email, 'query team\nwhich\nlists\ninfo team\n');
  assert.match(text, /asker@example\.org on team@lists\.example\.org: subscribed since \d{4}-\d\d-\d\d; delivery: every message/);
  assert.match(text, /asker@example\.org is a member of:\n {2}team@lists\.example\.org: subscribed[^\n]*\n {2}news@lists\.example\.org: subscribed since [^\n]*, delivery digest/);
  assert.match(text, /Lists on this server:\n(.*\n)*? {2}team@lists\.example\.org: The team/);
  assert.match(text, /Joining: anyone may join\./);
});

test('review follows the list roster visibility', async () => {
  h.store.members.add(h.store.lists.byName('news')!.id, { email: 'visible@example.org', name: 'Vis' });
  h.store.members.add(h.store.lists.byName('club')!.id, { email: 'clubber@example.org' });
  const publicRoster = await commands('outsider@example.org', 'review news\n');
  assert.match(publicRoster, /Vis <visible@example\.org>/);
  const membersOnly = await commands('outsider@example.org', 'review club\n');
  assert.match(membersOnly, /only members of club@lists\.example\.org may review/);
  assert.doesNotMatch(membersOnly, /clubber/);
  const asMember = await commands('clubber@example.org', 'review club\n');
  assert.match(asMember, /clubber@example\.org/);
  const adminsOnly = await commands('outsider@example.org', 'review team\n');
  assert.match(adminsOnly, /administrator command; send "login PASSWORD"/);
});

test('help lists every command', async () => {
  const text = await commands('helpme@example.org', 'HELP\n');
  for (const keyword of ['subscribe|join|sub', 'unsubscribe|signoff|leave|unsub|remove', 'set', 'query', 'which', 'lists', 'info', 'review', 'confirm', 'purge', 'login', 'add', 'delete', 'member']) {
    assert.ok(text.includes(`  ${keyword}`), keyword);
  }
});

test('purge leaves every list', async () => {
  const email = 'purger@example.org';
  h.store.members.add(h.store.lists.byName('team')!.id, { email });
  h.store.members.add(h.store.lists.byName('club')!.id, { email });
  const text = await commands(email, 'purge\n');
  assert.match(text, /has left every list here:\n {2}(team|club)@lists\.example\.org\n {2}(team|club)@lists\.example\.org/);
  assert.equal(memberOf('team', email)?.status, 'unsubscribed');
  assert.equal(memberOf('club', email)?.status, 'unsubscribed');
});

test('LIST-request takes commands without the list name', async () => {
  const email = 'requester@example.org';
  const joined = await commands(email, 'subscribe\nset digest\nquery\n', 'team-request@lists.example.org');
  assert.match(joined, /You are now a member of team@lists\.example\.org/);
  assert.match(joined, /You now receive a plain-text digest/);
  assert.equal(memberOf('team', email)?.mode, 'digest');
  const left = await commands(email, 'unsubscribe\n', 'team-request@lists.example.org');
  assert.match(left, /has left team@lists\.example\.org/);
});

test('server address needs the list name', async () => {
  const text = await commands('noname@example.org', 'subscribe\nsubscribe nosuchlist\n');
  assert.match(text, /Name the list: subscribe LIST \[Full Name\]\./);
  assert.match(text, /There is no list named nosuchlist here/);
});

test('legacy server names take commands', async () => {
  for (const local of ['listserv', 'majordomo', 'listproc', 'lists']) {
    const text = await commands('legacy@example.org', 'lists\n', `${local}@lists.example.org`);
    assert.match(text, /Lists on this server:/, local);
  }
});

test('confirm TOKEN confirms a request', async () => {
  const list = h.store.lists.create({ name: 'double', host: 'lists.example.org' });
  const email = 'optin@example.org';
  await commands(email, 'subscribe double\n');
  const request = await h.next(email, (m) => m.subject === 'Confirm your subscription to double@lists.example.org');
  const token = /\/c\/([0-9a-z-]+)/.exec(request.text)![1]!;
  assert.equal(h.store.members.byEmail(list.id, email)?.status, 'unconfirmed');
  const text = await commands(email, `confirm ${token}\nconfirm 1-aaaaaaaaaaaaaaaa\n`);
  assert.match(text, /Confirmed: optin@example\.org is now a member of double@lists\.example\.org/);
  assert.match(text, /that confirmation code is not valid/);
  assert.equal(h.store.members.byEmail(list.id, email)?.status, 'normal');
});

test('unsubscribe for another address asks that address', async () => {
  const other = 'target@example.org';
  h.store.members.add(h.store.lists.byName('team')!.id, { email: other });
  const text = await commands('someone@example.org', `unsubscribe team ${other}\n`);
  assert.match(text, /If target@example\.org is a member of team@lists\.example\.org, it has been sent a confirmation request/);
  assert.equal(memberOf('team', other)?.status, 'normal');
  const request = await h.next(other, (m) => m.subject === 'Confirm leaving team@lists.example.org');
  assert.match(request.text, /someone@example\.org asked to unsubscribe target@example\.org/);
  const replyTo = request.header('reply-to')!;
  assert.match(replyTo, /^confirm-[0-9a-z]+-[a-z2-7]{16}@lists\.example\.org$/);
  await h.send({ from: other, to: replyTo, subject: 'Re: Confirm', text: 'yes\n' });
  await h.next(other, (m) => m.subject === 'You have left team@lists.example.org');
  assert.equal(memberOf('team', other)?.status, 'unsubscribed');
});
