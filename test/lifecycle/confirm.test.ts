import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { expireConfirmations } from '../../engine/members/lifecycle/confirm.ts';
import { CommandHarness, confirmLink } from '../commands/harness.ts';

let h: CommandHarness;

before(async () => {
  h = await CommandHarness.start();
  for (const name of ['alpha', 'beta', 'gamma']) h.store.lists.create({ name, host: 'lists.example.org' });
});

after(async () => {
  await h.close();
});

const status = (list: string, email: string) => h.store.members.byEmail(h.store.lists.byName(list)!.id, email)?.status;

/** The link as the test can fetch it: the engine's own loopback port. */
const local = (link: string) => link.replace(/^http:\/\/localhost:\d+/, `http://127.0.0.1:${h.t.httpPort}`);

test('confirm link shows a button and confirms on POST', async () => {
  const email = 'clicker@example.org';
  await h.send({ from: email, to: 'alpha-join@lists.example.org', subject: '', text: '' });
  const request = await h.next(email, (m) => m.subject === 'Confirm your subscription to alpha@lists.example.org');
  assert.equal(status('alpha', email), 'unconfirmed');
  const link = local(confirmLink(request.text));

  const shown = await fetch(link);
  assert.equal(shown.status, 200);
  assert.match(await shown.text(), /<button type="submit"[^>]*>Confirm<\/button>/);
  assert.equal(status('alpha', email), 'unconfirmed', 'a GET confirms nothing');

  const confirmed = await fetch(link, { method: 'POST', body: 'confirm=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(confirmed.status, 200);
  assert.match(await confirmed.text(), /clicker@example\.org is now a member of alpha@lists\.example\.org/);
  assert.equal(status('alpha', email), 'normal');
  await h.next(email, (m) => m.subject === 'Welcome to alpha@lists.example.org');

  const again = await fetch(link, { method: 'POST', body: 'confirm=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(again.status, 404);
  const forged = await fetch(link.replace(/[a-z2-7]{4}$/, 'aaaa'));
  assert.equal(forged.status, 404);
});

test('one reply to the confirm address confirms every pending list', async () => {
  const email = 'replier@example.org';
  await h.send({ from: email, to: 'lyre@lists.example.org', subject: 'join', text: 'subscribe alpha\nsubscribe beta\nsubscribe gamma\n' });
  const requests = await Promise.all(
    ['alpha', 'beta', 'gamma'].map((list) => h.next(email, (m) => m.subject === `Confirm your subscription to ${list}@lists.example.org`)),
  );
  for (const list of ['alpha', 'beta', 'gamma']) assert.equal(status(list, email), 'unconfirmed');

  const replyTo = requests[1]!.header('reply-to')!;
  assert.match(replyTo, /^confirm-/);
  await h.send({ from: email, to: replyTo, subject: 'Re: Confirm your subscription', text: 'ok\n\n> quoted confirmation text\n' });
  const reply = await h.next(email, (m) => m.subject === 'Re: Re: Confirm your subscription' || m.subject === 'Re: Confirm your subscription');
  for (const list of ['alpha', 'beta', 'gamma']) {
    assert.equal(status(list, email), 'normal', list);
    assert.match(reply.text, new RegExp(`replier@example\\.org is now a member of ${list}@lists\\.example\\.org`));
  }
});

test('forged confirm address is rejected at RCPT', async () => {
  await assert.rejects(
    h.send({ from: 'x@example.org', to: 'confirm-1-aaaaaaaaaaaaaaaa@lists.example.org', subject: 'x', text: 'x' }),
    /550 5\.1\.1 <confirm-1-aaaaaaaaaaaaaaaa@lists\.example\.org>: this confirmation address is not valid/,
  );
});

test('unconfirmed requests expire', async () => {
  const fresh = 'late@example.org';
  const returning = 'returning@example.org';
  const beta = h.store.lists.byName('beta')!;
  h.store.members.add(beta.id, { email: returning, status: 'unsubscribed' });
  await h.send({ from: fresh, to: 'lyre@lists.example.org', subject: 'join', text: 'subscribe beta\n' });
  await h.send({ from: returning, to: 'lyre@lists.example.org', subject: 'join', text: 'subscribe beta\n' });
  await h.next(fresh, (m) => m.subject.startsWith('Confirm'));
  await h.next(returning, (m) => m.subject.startsWith('Confirm'));
  assert.equal(status('beta', returning), 'unconfirmed');

  assert.equal(expireConfirmations(h.t.engine.mailboxes.life, Date.now() + 6 * 86_400_000), 0, 'still valid after six days');
  assert.equal(expireConfirmations(h.t.engine.mailboxes.life, Date.now() + 7 * 86_400_000 + 1000), 2);
  assert.equal(status('beta', fresh), undefined, 'a row made for the request is removed');
  assert.equal(status('beta', returning), 'unsubscribed', 'an earlier status comes back');
  const states = h.store.db.prepare("SELECT count(*) AS n FROM confirmations WHERE state = 'expired'").get() as { n: number };
  assert.equal(states.n, 1);
});
