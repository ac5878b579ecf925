import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { CommandHarness } from './harness.ts';

let h: CommandHarness;

before(async () => {
  h = await CommandHarness.start({ 'commands.maxRepliesPerDay': 3 });
  h.store.lists.create({ name: 'team', host: 'lists.example.org', settings: { joinPolicy: 'open' } });
});

after(async () => {
  await h.close();
});

function taskOutcomes(): string[] {
  return (h.store.db.prepare('SELECT outcome FROM mailbox_tasks ORDER BY id').all() as { outcome: string }[]).map((r) => r.outcome);
}

test('vacation autoreply to lyre@ gets no reply', async () => {
  const from = 'away@example.org';
  await h.send({
    from,
    to: 'lyre@lists.example.org',
    subject: 'Out of office: Re: Results',
    text: 'I am away until Monday.\nsubscribe team\n',
    headers: { 'Auto-Submitted': 'auto-replied' },
  });
  await h.settle();
  assert.deepEqual(await h.unread(from), []);
  assert.equal(h.store.members.byEmail(h.store.lists.byName('team')!.id, from), undefined);
  assert.equal(taskOutcomes().at(-1), 'ignored: Auto-Submitted');
});

test('automated senders and headers get no reply', async () => {
  const cases: { name: string; message: Parameters<CommandHarness['send']>[0]; reason: string }[] = [
    { name: 'precedence bulk', message: { from: 'bulk@example.org', headers: { Precedence: 'bulk' } }, reason: 'Precedence bulk, junk or list' },
    { name: 'precedence list', message: { from: 'list@example.org', headers: { Precedence: 'list' } }, reason: 'Precedence bulk, junk or list' },
    { name: 'our X-Loop', message: { from: 'loop@example.org', headers: { 'X-Loop': 'lyre@lists.example.org' } }, reason: 'X-Loop naming Lyre' },
    { name: 'MAILER-DAEMON', message: { from: 'MAILER-DAEMON@mx.example.org' }, reason: 'MAILER-DAEMON sender' },
    {
      name: 'empty envelope sender',
      message: { from: 'nullsender@example.org', envelope: { from: '', to: ['lyre@lists.example.org'] } },
      reason: 'empty envelope sender',
    },
  ];
  for (const c of cases) {
    await h.send({ to: 'lyre@lists.example.org', subject: c.name, text: 'lists\n', ...c.message });
    await h.settle();
    assert.equal(taskOutcomes().at(-1), `ignored: ${c.reason}`, c.name);
    assert.deepEqual(await h.unread(String(c.message.from)), [], c.name);
  }
});

test('Auto-Submitted: no is a person', async () => {
  const from = 'person@example.org';
  await h.send({ from, to: 'lyre@lists.example.org', subject: 'p', text: 'lists\n', headers: { 'Auto-Submitted': 'no' } });
  const reply = await h.next(from);
  assert.match(reply.text, /Lists on this server/);
});

test('daily reply limit holds back and logs', async () => {
  const from = 'eager@example.org';
  for (let i = 0; i < 5; i++) {
    await h.send({ from, to: 'lyre@lists.example.org', subject: `try ${i}`, text: 'lists\n' });
  }
  await h.settle();
  const replies = await h.unread(from);
  assert.equal(replies.length, 3);
  const heldBack = h.t.engine.logs.recent(1000).filter((r) => r.msg === 'HELD BACK reply: daily limit reached' && r.rcpt === from);
  assert.equal(heldBack.length, 2);
  const row = h.store.db.prepare('SELECT sent, held_back FROM reply_counts WHERE address_key = ?').get(from) as { sent: number; held_back: number };
  assert.deepEqual({ ...row }, { sent: 3, held_back: 2 });
});
