import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import {
  applyBounceEvent,
  sweepBounceState,
  type BounceEventInput,
} from '../../engine/bounces/policy/index.ts';
import { Store } from '../../engine/store/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const day = 86_400_000;
const start = Date.UTC(2025, 2, 1, 12);

describe('bounce policy', () => {
  let folder: ReturnType<typeof tempDir>;
  let store: Store;
  let listId: number;
  let memberId: number;

  beforeEach(() => {
    folder = tempDir('lyre-bounce-policy-');
    store = Store.open(folder.path);
    listId = store.lists.create({ name: 'news', host: 'lists.example.org' }).id;
    memberId = store.members.add(listId, { email: 'alice@example.net' }).id;
  });

  afterEach(() => {
    store.close();
    folder.remove();
  });

  const failure = (at: number, extra: Partial<BounceEventInput> = {}): BounceEventInput => ({
    source: 'dsn',
    attributedBy: 'token',
    memberId,
    type: 'failure',
    kind: 'hard',
    reason: 'userunknown',
    status: '5.1.1',
    detail: '550 5.1.1 User unknown',
    at,
    ...extra,
  });

  const member = () => store.members.get(memberId)!;

  it('counts a failure and records it', () => {
    const outcome = applyBounceEvent(store, failure(start));
    assert.equal(outcome.verdict, 'counted');
    assert.equal(outcome.counted, true);
    assert.equal(outcome.held, false);
    assert.equal(outcome.bounceCount, 1);
    assert.equal(member().bounceCount, 1);
    assert.equal(member().lastBounceAt, start);

    const [event] = store.bounces.forMember(memberId);
    assert.equal(event?.id, outcome.eventId);
    assert.equal(event?.listId, listId);
    assert.equal(event?.rcpt, 'alice@example.net');
    assert.equal(event?.reason, 'userunknown');
    assert.equal(event?.status, '5.1.1');
    assert.equal(event?.counted, true);
  });

  it('counts at most one bounce a day', () => {
    applyBounceEvent(store, failure(start));
    const again = applyBounceEvent(store, failure(start + 23 * 3_600_000));
    assert.equal(again.verdict, 'already-counted-today');
    assert.equal(again.counted, false);
    assert.equal(member().bounceCount, 1);
    assert.equal(store.bounces.forMember(memberId).length, 2);

    const nextDay = applyBounceEvent(store, failure(start + day));
    assert.equal(nextDay.counted, true);
    assert.equal(member().bounceCount, 2);
  });

  it('holds the member at the fifth counted bounce', () => {
    for (let i = 0; i < 4; i += 1)
      assert.equal(applyBounceEvent(store, failure(start + i * day)).held, false);
    assert.equal(member().status, 'normal');
    const fifth = applyBounceEvent(store, failure(start + 4 * day));
    assert.equal(fifth.held, true);
    assert.equal(fifth.bounceCount, 5);
    assert.equal(member().status, 'held');

    const afterHold = applyBounceEvent(store, failure(start + 5 * day));
    assert.equal(afterHold.verdict, 'member-not-active');
    assert.equal(member().bounceCount, 5);
  });

  it('follows the list threshold', () => {
    const settings = store.lists.get(listId)!.settings;
    store.lists.update(listId, { settings: { bounce: { ...settings.bounce, holdAfter: 2 } } });
    applyBounceEvent(store, failure(start));
    assert.equal(applyBounceEvent(store, failure(start + day)).held, true);
  });

  it('never holds when holding is off', () => {
    const settings = store.lists.get(listId)!.settings;
    store.lists.update(listId, {
      settings: { bounce: { ...settings.bounce, holdAfter: 1, holdMembers: false } },
    });
    const outcome = applyBounceEvent(store, failure(start));
    assert.equal(outcome.counted, true);
    assert.equal(outcome.held, false);
    assert.equal(member().status, 'normal');
  });

  it('resets the count after quiet days', () => {
    applyBounceEvent(store, failure(start));
    applyBounceEvent(store, failure(start + day));
    assert.equal(member().bounceCount, 2);
    const late = applyBounceEvent(store, failure(start + day + 14 * day));
    assert.equal(late.bounceCount, 1);
    assert.equal(member().bounceCount, 1);
  });

  it('records our-side failures without counting', () => {
    for (const reason of ['blocked', 'securityerror', 'ratelimited', 'senderrejected'] as const) {
      const outcome = applyBounceEvent(store, failure(start, { reason }));
      assert.equal(outcome.verdict, 'our-side', reason);
      assert.equal(outcome.counted, false, reason);
    }
    assert.equal(member().bounceCount, 0);
    assert.equal(store.bounces.forMember(memberId).length, 4);
    assert.ok(store.bounces.forMember(memberId).every((e) => !e.counted));
  });

  it('records delays and autoreplies without counting', () => {
    for (const type of ['delay', 'autoreply', 'challenge-response', 'delivery-success'] as const) {
      const outcome = applyBounceEvent(
        store,
        failure(start, { type, kind: type === 'delay' ? 'soft' : null }),
      );
      assert.equal(outcome.verdict, 'not-a-failure', type);
    }
    assert.equal(member().bounceCount, 0);
    assert.equal(member().status, 'normal');
  });

  it('unsubscribes on a feedback report', () => {
    const outcome = applyBounceEvent(
      store,
      failure(start, { type: 'feedback-report', kind: null, reason: null, attributedBy: 'report' }),
    );
    assert.equal(outcome.verdict, 'unsubscribed-by-feedback');
    assert.equal(outcome.unsubscribed, true);
    assert.equal(outcome.counted, false);
    assert.equal(member().status, 'unsubscribed');
    const again = applyBounceEvent(store, failure(start, { type: 'feedback-report' }));
    assert.equal(again.unsubscribed, false);
    assert.equal(again.verdict, 'member-not-active');
  });

  it('records an unattributed bounce', () => {
    const outcome = applyBounceEvent(
      store,
      failure(start, { memberId: null, rcpt: 'stranger@example.org', attributedBy: 'none' }),
    );
    assert.equal(outcome.verdict, 'no-member');
    assert.equal(outcome.bounceCount, null);
    const row = store.db
      .prepare('SELECT member_id, list_id, rcpt, counted FROM bounce_events WHERE id = ?')
      .get(outcome.eventId);
    assert.deepEqual(row, { member_id: null, list_id: null, rcpt: 'stranger@example.org', counted: 0 });
  });

  it('writes nothing when the insert fails', () => {
    assert.throws(() => applyBounceEvent(store, failure(start, { postId: 999 })), /FOREIGN KEY/);
    assert.equal(member().bounceCount, 0);
    assert.equal(store.bounces.forMember(memberId).length, 0);
  });

  it('sweep resets stale counts and removes long-held members', () => {
    const other = store.members.add(listId, { email: 'bob@example.net' }).id;
    applyBounceEvent(store, failure(start));
    store.members.setStatus(other, 'held');

    const settings = store.lists.get(listId)!.settings;
    store.lists.update(listId, { settings: { bounce: { ...settings.bounce, removeHeldAfterDays: 30 } } });

    assert.deepEqual(sweepBounceState(store, start + 2 * day), [{ listId, countsReset: 0, heldRemoved: 0 }]);
    assert.deepEqual(sweepBounceState(store, start + 15 * day), [{ listId, countsReset: 1, heldRemoved: 0 }]);
    assert.equal(member().bounceCount, 0);
    assert.deepEqual(sweepBounceState(store, Date.now() + 31 * day), [
      { listId, countsReset: 0, heldRemoved: 1 },
    ]);
    assert.equal(store.members.get(other), undefined);
    assert.ok(store.members.get(memberId));
  });

  it('sweep keeps held members by default', () => {
    store.members.setStatus(memberId, 'held');
    assert.deepEqual(sweepBounceState(store, Date.now() + 3650 * day), [
      { listId, countsReset: 0, heldRemoved: 0 },
    ]);
    assert.equal(member().status, 'held');
  });
});
