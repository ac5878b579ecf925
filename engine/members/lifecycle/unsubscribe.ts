import { addressKey } from '../../mail/address.ts';
import { queueDocument } from '../../notices/document-notice.ts';
import type { List } from '../../store/lists.ts';
import type { Member } from '../../store/members.ts';
import { requestConfirmation } from './confirm-request.ts';
import type { LifecycleContext } from './context.ts';

export interface UnsubscribeOptions {
  /** Send the goodbye document. */
  goodbye: boolean;
  /** The channel of the request, for the log: command, leave-address, forward, admin, confirmation. */
  by: string;
  limited: boolean;
  inReplyTo?: string | null;
}

/**
 * Unsubscribe a member. The row stays, with status unsubscribed, so the address is
 * suppressed from later imports and its history is kept. Returns false when the
 * member was not subscribed.
 */
export function unsubscribeMember(ctx: LifecycleContext, list: List, member: Member, options: UnsubscribeOptions): boolean {
  if (member.status === 'unsubscribed') return false;
  const wasReceiving = member.status === 'normal' || member.status === 'held';
  ctx.store.members.setStatus(member.id, 'unsubscribed');
  ctx.log.info({ list: list.name, member: member.id, by: options.by }, 'UNSUBSCRIBED');
  if (options.goodbye && wasReceiving) {
    queueDocument(ctx, 'goodbye', list, member, { limited: options.limited, inReplyTo: options.inReplyTo });
  }
  return true;
}

export type UnsubscribeRequestOutcome = 'unsubscribed' | 'confirmation-sent' | 'not-member';

/**
 * Handle a request by `requester` to unsubscribe `email` from a list. The requester's
 * own address leaves at once. Another address must confirm first, so that no one can
 * unsubscribe someone else, and the caller should reply to the requester the same
 * way whether or not that address is a member.
 */
export function requestUnsubscription(
  ctx: LifecycleContext,
  list: List,
  email: string,
  requester: string,
  options: { limited: boolean; inReplyTo?: string | null },
): UnsubscribeRequestOutcome {
  const member = ctx.store.members.byEmail(list.id, email);
  if (!member || member.status === 'unsubscribed') return 'not-member';
  if (addressKey(email) === addressKey(requester)) {
    unsubscribeMember(ctx, list, member, { goodbye: true, by: 'command', limited: options.limited, inReplyTo: options.inReplyTo });
    return 'unsubscribed';
  }
  requestConfirmation(ctx, list, member, {
    action: 'unsubscribe',
    requestedBy: requester,
    previousStatus: member.status,
    welcome: false,
    limited: true,
  });
  return 'confirmation-sent';
}

/** Unsubscribe an address from every list it belongs to; returns the lists it left. */
export function purgeAddress(ctx: LifecycleContext, email: string): List[] {
  const left: List[] = [];
  for (const member of ctx.store.members.byEmailEverywhere(email)) {
    const list = ctx.store.lists.get(member.listId);
    if (!list) continue;
    if (unsubscribeMember(ctx, list, member, { goodbye: false, by: 'purge', limited: false })) left.push(list);
  }
  return left;
}
