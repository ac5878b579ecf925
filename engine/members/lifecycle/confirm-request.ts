import { parseDuration } from '../../config/schema.ts';
import { addressKey } from '../../mail/address.ts';
import { queueDocument } from '../../notices/document-notice.ts';
import type { List } from '../../store/lists.ts';
import type { Member, MemberStatus } from '../../store/members.ts';
import { ConfirmationStore, type Confirmation, type ConfirmationAction } from './confirmations.ts';
import type { LifecycleContext } from './context.ts';

export interface ConfirmRequestInput {
  action: ConfirmationAction;
  requestedBy: string;
  previousStatus: MemberStatus | null;
  welcome: boolean;
  limited: boolean;
  inReplyTo?: string | null;
}

/**
 * Record a request for the address owner to confirm and send the confirm (or
 * confirm-unsubscribe) document, with the personal link and reply address. An older
 * pending request of the same member and action is cancelled, so only the newest
 * link works.
 */
export function requestConfirmation(ctx: LifecycleContext, list: List, member: Member, input: ConfirmRequestInput): Confirmation {
  const confirmations = new ConfirmationStore(ctx.store.db);
  const older = confirmations.pendingForMember(member.id, input.action);
  if (older) confirmations.decide(older.id, 'cancelled');

  const expiry = parseDuration(ctx.settings()['members.confirmExpiry']);
  const confirmation = confirmations.create({
    action: input.action,
    listId: list.id,
    memberId: member.id,
    emailKey: addressKey(member.email) ?? member.email,
    requestedBy: input.requestedBy,
    previousStatus: older ? older.previousStatus : input.previousStatus,
    welcome: input.welcome,
    expiresAt: Date.now() + expiry,
  });
  const replyTo = ctx.links.confirmAddress(confirmation.id, list.host);
  queueDocument(ctx, input.action === 'subscribe' ? 'confirm' : 'confirm-unsubscribe', list, member, {
    extra: {
      confirm_url: ctx.links.confirmUrl(confirmation.id),
      confirm_address: replyTo,
      expires: new Date(confirmation.expiresAt).toUTCString(),
      requested_by: input.requestedBy,
    },
    replyTo,
    limited: input.limited,
    inReplyTo: input.inReplyTo,
  });
  ctx.log.info({ list: list.name, member: member.id, confirmation: confirmation.id, action: input.action }, 'CONFIRMATION requested');
  return confirmation;
}
