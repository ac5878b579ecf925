import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { classifyBounce } from '../../engine/bounces/classify/index.ts';
import { applyBounceEvent, eventFromReport, eventFromSmtpReply } from '../../engine/bounces/policy/index.ts';
import { Store } from '../../engine/store/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

describe('bounce events from reports and replies', () => {
  let folder: ReturnType<typeof tempDir>;
  let store: Store;
  let listId: number;

  beforeEach(() => {
    folder = tempDir('lyre-bounce-inputs-');
    store = Store.open(folder.path);
    listId = store.lists.create({ name: 'news', host: 'lists.example.org' }).id;
  });

  afterEach(() => {
    store.close();
    folder.remove();
  });

  it('picks the member line of a report', () => {
    const member = store.members.add(listId, { email: 'Frank@example.org' });
    const report = classifyBounce(readFileSync(join(fixtures, 'qmail-two-recipients.eml')));
    const input = eventFromReport(report, {
      attributedBy: 'token',
      memberId: member.id,
      memberEmail: member.email,
    });
    assert.equal(input.rcpt, 'frank@example.org');
    assert.equal(input.kind, 'soft');
    assert.equal(input.reason, 'mailboxfull');
    assert.equal(input.type, 'failure');

    const outcome = applyBounceEvent(store, input);
    assert.equal(outcome.counted, true);
    assert.equal(store.members.get(member.id)?.bounceCount, 1);
  });

  it('records a delay report uncounted', () => {
    const member = store.members.add(listId, { email: 'bob@example.com' });
    const report = classifyBounce(readFileSync(join(fixtures, 'postfix-dsn-delayed.eml')));
    const outcome = applyBounceEvent(
      store,
      eventFromReport(report, { attributedBy: 'token', memberId: member.id }),
    );
    assert.equal(outcome.verdict, 'not-a-failure');
    const [event] = store.bounces.forMember(member.id);
    assert.equal(event?.kind, 'soft');
    assert.equal(event?.status, '4.4.1');
    assert.equal(event?.rcpt, 'bob@example.com');
  });

  it('unsubscribes on an abuse report', () => {
    const member = store.members.add(listId, { email: 'sam@example.net' });
    const report = classifyBounce(readFileSync(join(fixtures, 'arf-abuse.eml')));
    const input = eventFromReport(report, { attributedBy: 'member-header', memberId: member.id });
    assert.equal(applyBounceEvent(store, input).unsubscribed, true);
    assert.equal(store.members.get(member.id)?.status, 'unsubscribed');
  });

  it('counts a 5xx user unknown reply', () => {
    const member = store.members.add(listId, { email: 'carol@example.de' });
    const input = eventFromSmtpReply(
      {
        code: 550,
        enhanced: '5.1.1',
        text: '5.1.1 <carol@example.de>: Recipient address rejected: User unknown',
      },
      'carol@example.de',
      { attributedBy: 'smtp', memberId: member.id },
    );
    assert.equal(input.source, 'smtp');
    assert.equal(input.replyCode, 550);
    assert.equal(applyBounceEvent(store, input).counted, true);
  });

  it('does not count a block-list reply', () => {
    const member = store.members.add(listId, { email: 'grace@example.edu' });
    const input = eventFromSmtpReply(
      {
        code: 554,
        enhanced: '5.7.1',
        text: 'Service unavailable; client host [192.0.2.99] blocked using zen.spamhaus.org',
      },
      'grace@example.edu',
      { attributedBy: 'smtp', memberId: member.id },
    );
    assert.equal(input.reason, 'blocked');
    const outcome = applyBounceEvent(store, input);
    assert.equal(outcome.verdict, 'our-side');
    assert.equal(store.members.get(member.id)?.bounceCount, 0);
  });

  it('treats a missing reply as expired', () => {
    const input = eventFromSmtpReply(null, 'dave@example.de', { attributedBy: 'smtp', memberId: null });
    assert.equal(input.kind, 'soft');
    assert.equal(input.reason, 'expired');
    assert.equal(input.replyCode, null);
  });
});
