import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { CommandHarness } from './harness.ts';

let h: CommandHarness;

before(async () => {
  h = await CommandHarness.start();
  h.store.lists.create({ name: 'team', host: 'lists.example.org', settings: { joinPolicy: 'open' } });
});

after(async () => {
  await h.close();
});

const teamMember = (email: string) => h.store.members.byEmail(h.store.lists.byName('team')!.id, email);

test('quoted lines and the signature are skipped', async () => {
  const from = 'quoter@example.org';
  await h.send({
    from,
    to: 'lyre@lists.example.org',
    subject: 'quotes',
    text: '> subscribe team\n>> unsubscribe team\nwhich\n-- \nsubscribe team\nAlice, Example Inc.\n',
  });
  const reply = await h.next(from);
  assert.match(reply.text, /> which\n/);
  assert.doesNotMatch(reply.text, /> subscribe team/);
  assert.doesNotMatch(reply.text, /Not a command/);
  assert.equal(teamMember(from), undefined);
});

test('HTML-only message is read as text', async () => {
  const from = 'html@example.org';
  await h.send({
    from,
    to: 'lyre@lists.example.org',
    subject: 'html',
    html: '<html><body><p>subscribe team</p><div>which</div><blockquote>unsubscribe team</blockquote></body></html>',
  });
  const reply = await h.next(from, (m) => m.subject === 'Re: html');
  assert.match(reply.text, /> subscribe team\nYou are now a member/);
  assert.match(reply.text, /> which\n/);
  assert.doesNotMatch(reply.text, /> unsubscribe team/);
  assert.equal(teamMember(from)?.status, 'normal');
});

test('subject is used when the body has no commands', async () => {
  const from = 'subject@example.org';
  await h.send({ from, to: 'lyre@lists.example.org', subject: 'subscribe team', text: '\n' });
  const reply = await h.next(from, (m) => m.subject === 'Re: subscribe team');
  assert.match(reply.text, /> Subject: subscribe team\nYou are now a member/);
  assert.equal(teamMember(from)?.status, 'normal');
});

test('end stops reading and end quiet sends no reply', async () => {
  const from = 'ender@example.org';
  await h.send({ from, to: 'lyre@lists.example.org', subject: 'end', text: 'which\nend\nsubscribe team\n' });
  const reply = await h.next(from);
  assert.match(reply.text, /Stopped reading at "end"\./);
  assert.equal(teamMember(from), undefined);

  const quiet = 'quiet@example.org';
  await h.send({ from: quiet, to: 'lyre@lists.example.org', subject: 'quiet', text: 'subscribe team\nEND QUIET\nunsubscribe team\n' });
  await h.next(quiet, (m) => m.subject === 'Welcome to team@lists.example.org');
  await h.settle();
  assert.equal(teamMember(quiet)?.status, 'normal');
  const unread = await h.unread(quiet);
  assert.deepEqual(unread.map((m) => m.subject), []);
});

test('more than ten lines that are not commands stop processing', async () => {
  const from = 'chatty@example.org';
  const prose = Array.from({ length: 11 }, (_, i) => `this is line ${i + 1} of a letter`).join('\n');
  await h.send({ from, to: 'lyre@lists.example.org', subject: 'letter', text: `which\n${prose}\nsubscribe team\n` });
  const reply = await h.next(from);
  assert.equal(reply.text.match(/Not a command; ignored/g)?.length, 10);
  assert.match(reply.text, /Stopped reading: more than 10 lines were not commands/);
  assert.equal(teamMember(from), undefined);
});

test('reply carries X-Loop, Auto-Submitted and In-Reply-To', async () => {
  const from = 'headers@example.org';
  await h.send({ from, to: 'lyre@lists.example.org', subject: 'hdr', text: 'lists\n', messageId: '<cmd-1@example.org>' });
  const reply = await h.next(from);
  assert.equal(reply.header('x-loop'), 'lyre@lists.example.org');
  assert.equal(reply.header('auto-submitted'), 'auto-replied');
  assert.equal(reply.header('in-reply-to'), '<cmd-1@example.org>');
  assert.equal(reply.subject, 'Re: hdr');
  assert.match(reply.sunk.mailFrom, /^bounce-/);
});
