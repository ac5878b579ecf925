import { queueDocument } from '../../notices/document-notice.ts';
import type { List } from '../../store/lists.ts';
import type { Member } from '../../store/members.ts';
import { ConfirmationStore, type Confirmation } from './confirmations.ts';
import type { LifecycleContext } from './context.ts';
import { unsubscribeMember } from './unsubscribe.ts';

export interface ConfirmedRequest {
  confirmation: Confirmation;
  list: List;
  member: Member;
  outcome: 'subscribed' | 'unsubscribed';
}

export type ConfirmOutcome =
  | { outcome: 'confirmed'; requests: ConfirmedRequest[] }
  | { outcome: 'not-found' }
  | { outcome: 'already-confirmed'; confirmation: Confirmation }
  | { outcome: 'expired'; confirmation: Confirmation };

/**
 * Find the requests one confirmation confirms: itself, and every other subscription
 * the same address waits to confirm, so one reply or one click confirms every list.
 */
export function requestsConfirmedBy(ctx: LifecycleContext, confirmationId: number): Confirmation[] | ConfirmOutcome {
  const confirmations = new ConfirmationStore(ctx.store.db);
  const confirmation = confirmations.get(confirmationId);
  if (!confirmation) return { outcome: 'not-found' };
  if (confirmation.state === 'confirmed') return { outcome: 'already-confirmed', confirmation };
  if (confirmation.state !== 'pending' || confirmation.expiresAt <= Date.now()) return { outcome: 'expired', confirmation };
  const others = confirmations.pendingFor(confirmation.emailKey, 'subscribe').filter((c) => c.id !== confirmation.id && c.expiresAt > Date.now());
  return [confirmation, ...others];
}

/** Carry out a confirmation and every other subscription of the same address waiting to be confirmed. */
export function confirmRequests(ctx: LifecycleContext, confirmationId: number, options: { limited: boolean; by: string }): ConfirmOutcome {
  const found = requestsConfirmedBy(ctx, confirmationId);
  if (!Array.isArray(found)) return found;
  const confirmations = new ConfirmationStore(ctx.store.db);
  const requests: ConfirmedRequest[] = [];
  for (const confirmation of found) {
    const list = ctx.store.lists.get(confirmation.listId);
    const member = ctx.store.members.get(confirmation.memberId);
    confirmations.decide(confirmation.id, 'confirmed');
    if (!list || !member) continue;
    if (confirmation.action === 'subscribe') {
      const updated = ctx.store.members.update(member.id, { status: 'normal' });
      if (confirmation.welcome) queueDocument(ctx, 'hello', list, updated, { limited: options.limited });
      ctx.log.info({ list: list.name, member: member.id, confirmation: confirmation.id, by: options.by }, 'SUBSCRIBED after confirmation');
      requests.push({ confirmation, list, member: updated, outcome: 'subscribed' });
    } else {
      unsubscribeMember(ctx, list, member, { goodbye: true, by: `confirmation ${options.by}`, limited: options.limited });
      requests.push({ confirmation, list, member, outcome: 'unsubscribed' });
    }
  }
  return { outcome: 'confirmed', requests };
}

/**
 * Expire the requests that were not confirmed in time. A member row made for the
 * request is deleted; a row that existed before gets its earlier status back.
 */
export function expireConfirmations(ctx: LifecycleContext, now = Date.now()): number {
  const confirmations = new ConfirmationStore(ctx.store.db);
  const expired = confirmations.expiredBy(now);
  ctx.store.db.transaction(() => {
    for (const confirmation of expired) {
      confirmations.decide(confirmation.id, 'expired');
      const member = ctx.store.members.get(confirmation.memberId);
      if (confirmation.action !== 'subscribe' || !member || member.status !== 'unconfirmed') continue;
      if (confirmation.previousStatus === null) ctx.store.members.delete(member.id);
      else ctx.store.members.setStatus(member.id, confirmation.previousStatus);
    }
  })();
  if (expired.length > 0) ctx.log.info({ expired: expired.length }, 'EXPIRED confirmation requests');
  return expired.length;
}
