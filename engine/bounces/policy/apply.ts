import { listSettingsSchema } from '../../lists/settings.ts';
import type { Store } from '../../store/index.ts';
import { decideBounce } from './decide.ts';
import { setBounceState } from './member-state.ts';
import type { BounceEventInput, BounceOutcome } from './types.ts';

/**
 * Record one bounce (a bounce_events row) and apply the list's bounce policy to its
 * member, in one transaction: count it at most once a day, hold the member after the
 * list's threshold, and unsubscribe on an abuse feedback report. Delays, autoreplies and
 * failures on Lyre's own side are recorded without counting.
 */
export function applyBounceEvent(store: Store, input: BounceEventInput): BounceOutcome {
  return store.db.transaction((): BounceOutcome => {
    const at = input.at ?? Date.now();
    const member = input.memberId === null ? undefined : store.members.get(input.memberId);
    const listId = input.listId ?? member?.listId ?? null;
    const list = listId === null ? undefined : store.lists.get(listId);
    const settings = list?.settings.bounce ?? listSettingsSchema.parse({}).bounce;
    const decision = decideBounce(input, member, settings, at);

    if (member && decision.counted)
      setBounceState(store, member.id, decision.bounceCount!, decision.lastBounceAt);
    if (member && decision.hold) store.members.setStatus(member.id, 'held');
    if (member && decision.unsubscribe) store.members.setStatus(member.id, 'unsubscribed');

    const eventId = store.bounces.insert({
      source: input.source,
      attributedBy: input.attributedBy,
      incomingId: input.incomingId ?? null,
      deliveryId: input.deliveryId ?? null,
      listId,
      memberId: member?.id ?? null,
      postId: input.postId ?? null,
      rcpt: input.rcpt ?? member?.email ?? null,
      kind: input.kind,
      reason: input.reason,
      status: input.status ?? null,
      replyCode: input.replyCode ?? null,
      detail: input.detail ?? null,
      counted: decision.counted,
    });

    return {
      eventId,
      verdict: decision.verdict,
      counted: decision.counted,
      held: decision.hold,
      unsubscribed: decision.unsubscribe,
      bounceCount: decision.bounceCount,
    };
  })();
}
