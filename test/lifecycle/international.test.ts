import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { CommandHarness } from '../commands/harness.ts';

let h: CommandHarness;

before(async () => {
  h = await CommandHarness.start();
  h.store.lists.create({ name: 'team', host: 'lists.example.org' });
});

after(async () => {
  await h.close();
});

test('UTF-8 local part and IDN domain go through the confirm flow', async () => {
  const address = 'josé.müller@Bücher.Example';
  await h.send({ from: `José <${address}>`, to: 'lyre@lists.example.org', subject: 'join', text: 'subscribe team José Müller\n' });
  const request = await h.next(address, (m) => m.subject === 'Confirm your subscription to team@lists.example.org');
  assert.ok(request.sunk.rcptTo.some((r) => r.startsWith('josé.müller@')), `delivered to the UTF-8 local part: ${request.sunk.rcptTo}`);
  const list = h.store.lists.byName('team')!;
  const member = h.store.members.byEmail(list.id, 'josé.müller@bücher.example')!;
  assert.equal(member.email.split('@')[0], 'josé.müller', 'the local part is stored as written');
  assert.equal(member.domain, 'xn--bcher-kva.example');
  assert.equal(member.status, 'unconfirmed');

  // The domain in another case and in its ACE form is the same address.
  const replyTo = request.header('reply-to')!;
  await h.send({ from: 'josé.müller@xn--bcher-kva.example', to: replyTo, subject: 'Re: confirm', text: 'yes\n' });
  await h.next(address, (m) => m.subject === 'Re: confirm');
  assert.equal(h.store.members.get(member.id)?.status, 'normal');
  assert.equal(h.store.members.get(member.id)?.name, 'José Müller');

  await h.send({ from: 'josé.müller@BÜCHER.EXAMPLE', to: 'lyre@lists.example.org', subject: 'which', text: 'which\n' });
  const which = await h.next(address, (m) => m.subject === 'Re: which');
  assert.match(which.text, /is a member of:\n {2}team@lists\.example\.org: subscribed/);
});

test('local part is compared exactly', async () => {
  await h.send({ from: 'JOSÉ.MÜLLER@bücher.example', to: 'lyre@lists.example.org', subject: 'which', text: 'which\n' });
  const reply = await h.next('JOSÉ.MÜLLER@bücher.example');
  assert.match(reply.text, /is not a member of any list here/);
});
