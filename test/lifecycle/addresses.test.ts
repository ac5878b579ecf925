import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { CommandHarness } from '../commands/harness.ts';

let h: CommandHarness;

before(async () => {
  h = await CommandHarness.start();
  h.store.lists.create({ name: 'open', host: 'lists.example.org', settings: { joinPolicy: 'open', owners: ['owner1@example.org', 'owner2@example.org'] } });
  h.store.lists.create({ name: 'private', host: 'lists.example.org', settings: { joinPolicy: 'private', owners: ['keeper@example.org'] } });
  h.store.lists.create({ name: 'closed', host: 'lists.example.org', settings: { joinPolicy: 'closed' } });
});

after(async () => {
  await h.close();
});

const member = (list: string, email: string) => h.store.members.byEmail(h.store.lists.byName(list)!.id, email);

test('join addresses subscribe the sender of an empty message', async () => {
  for (const [index, local] of ['open-join', 'join-open', 'open-subscribe'].entries()) {
    const email = `joiner${index}@example.org`;
    await h.send({ from: `Joiner ${index} <${email}>`, to: `${local}@lists.example.org`, subject: '', text: '' });
    await h.next(email, (m) => m.subject === 'Welcome to open@lists.example.org');
    assert.equal(member('open', email)?.status, 'normal', local);
    assert.equal(member('open', email)?.name, `Joiner ${index}`, local);
  }
});

test('private list waits for approval and tells its owners', async () => {
  const email = 'hopeful@example.org';
  await h.send({ from: email, to: 'private-join@lists.example.org', subject: '', text: '' });
  const notice = await h.next(email, (m) => m.subject === 'Your request to join private@lists.example.org');
  assert.match(notice.text, /an administrator must approve/);
  const pending = member('private', email)!;
  assert.equal(pending.status, 'pending');
  const owner = await h.next('keeper@example.org');
  assert.match(owner.text, new RegExp(`member approve ${pending.id}`));
});

test('closed list refuses joins', async () => {
  const email = 'outsider@example.org';
  await h.send({ from: email, to: 'closed-join@lists.example.org', subject: 'let me in', text: '' });
  const reply = await h.next(email);
  assert.match(reply.text, /closed@lists\.example\.org is closed: only its administrators can add members/);
  assert.equal(member('closed', email), undefined);
});

test('leave addresses unsubscribe the sender', async () => {
  const list = h.store.lists.byName('open')!;
  for (const [index, local] of ['open-leave', 'leave-open', 'open-unsubscribe', 'unsubscribe-open'].entries()) {
    const email = `goer${index}@example.org`;
    h.store.members.add(list.id, { email });
    await h.send({ from: email, to: `${local}@lists.example.org`, subject: 'bye', text: '' });
    await h.next(email, (m) => m.subject === 'You have left open@lists.example.org');
    assert.equal(member('open', email)?.status, 'unsubscribed', local);
  }
});

test('signed per-member leave address still works', async () => {
  const list = h.store.lists.byName('open')!;
  const added = h.store.members.add(list.id, { email: 'signed@example.org' });
  const address = `leave-${h.t.engine.signer.sign('leave', [added.id])}@lists.example.org`;
  await h.send({ from: 'anyone@example.org', to: address, subject: 'x', text: '' });
  await h.settle();
  assert.equal(member('open', 'signed@example.org')?.status, 'unsubscribed');
});

test('forwarding a received post to the leave address unsubscribes its member', async () => {
  const list = h.store.lists.byName('open')!;
  h.store.members.add(list.id, { email: 'poster@example.org' });
  const old = h.store.members.add(list.id, { email: 'old-address@example.org' });
  await h.send({ from: 'poster@example.org', to: 'open@lists.example.org', subject: 'news of the day', text: 'hello\n' });
  const copy = await h.next('old-address@example.org', (m) => m.subject === 'news of the day');
  assert.match(copy.header('x-lyre-member-id') ?? '', new RegExp(`^${old.id}\\.`));

  await h.send({
    from: 'new-address@example.org',
    to: 'open-leave@lists.example.org',
    subject: 'Fwd: news of the day',
    text: 'please take me off\n',
    attachments: [{ content: copy.sunk.raw, contentType: 'message/rfc822', filename: 'forwarded.eml' }],
  });
  await h.next('old-address@example.org', (m) => m.subject === 'You have left open@lists.example.org');
  assert.equal(member('open', 'old-address@example.org')?.status, 'unsubscribed');
  assert.equal(member('open', 'poster@example.org')?.status, 'normal');
});

test('forged member header in a forward is not trusted', async () => {
  const list = h.store.lists.byName('open')!;
  const victim = h.store.members.add(list.id, { email: 'victim@example.org' });
  await h.send({
    from: 'attacker@example.org',
    to: 'open-leave@lists.example.org',
    subject: 'Fwd: x',
    text: `---------- Forwarded message ----------\nX-Lyre-Member-ID: ${victim.id}.aaaaaaaaaaaaaaaa\n\nhello\n`,
  });
  const reply = await h.next('attacker@example.org');
  assert.match(reply.text, /attacker@example\.org is not a member of open@lists\.example\.org/);
  assert.equal(member('open', 'victim@example.org')?.status, 'normal');
});

test('owner address forwards to every owner', async () => {
  await h.send({ from: 'Curious <curious@example.org>', to: 'open-owner@lists.example.org', subject: 'A question', text: 'Who runs this?\n' });
  for (const owner of ['owner1@example.org', 'owner2@example.org']) {
    const forwarded = await h.next(owner, (m) => m.subject === '[open owners] A question');
    assert.equal(forwarded.header('reply-to'), 'curious@example.org');
    assert.match(forwarded.sunk.raw.toString(), /Content-Type: message\/rfc822/);
    assert.match(forwarded.sunk.raw.toString(), /Who runs this\?/);
  }
  await h.send({ from: 'curious@example.org', to: 'owner-open@lists.example.org', subject: 'Second', text: 'again\n' });
  await h.next('owner1@example.org', (m) => m.subject === '[open owners] Second');
});

test('unhold re-activates a held member', async () => {
  const list = h.store.lists.byName('open')!;
  const held = h.store.members.add(list.id, { email: 'bouncy@example.org', status: 'held' });
  h.store.db.prepare('UPDATE members SET bounce_count = 5 WHERE id = ?').run(held.id);
  await h.send({ from: 'bouncy@example.org', to: 'unhold@lists.example.org', subject: 'back', text: '' });
  const reply = await h.next('bouncy@example.org');
  assert.match(reply.text, /receives mail again from:\n {2}open@lists\.example\.org/);
  assert.equal(member('open', 'bouncy@example.org')?.status, 'normal');
  assert.equal(member('open', 'bouncy@example.org')?.bounceCount, 0);
});

test('purge address leaves every list and help address answers', async () => {
  const email = 'everywhere@example.org';
  for (const name of ['open', 'closed']) h.store.members.add(h.store.lists.byName(name)!.id, { email });
  await h.send({ from: email, to: 'purge@lists.example.org', subject: 'out', text: '' });
  const reply = await h.next(email);
  assert.match(reply.text, /has left every list here/);
  assert.equal(member('open', email)?.status, 'unsubscribed');
  assert.equal(member('closed', email)?.status, 'unsubscribed');

  await h.send({ from: email, to: 'help@lists.example.org', subject: 'help', text: '' });
  const help = await h.next(email);
  assert.match(help.text, /Send commands to lyre@lists\.example\.org/);
  assert.match(help.text, /subscribe\|join\|sub LIST \[Full Name\]/);
});
