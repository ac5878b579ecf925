import type { Logger } from 'pino';

import type { LifecycleContext } from '../members/lifecycle/context.ts';
import { unsubscribeMember } from '../members/lifecycle/unsubscribe.ts';
import type { IncomingMessage, Route } from '../store/incoming.ts';

/** Unsubscribe the member whose signed leave-...@ address received the message, with the goodbye document. */
export function leaveByAddress(
  ctx: LifecycleContext,
  log: Logger,
  message: IncomingMessage,
  route: Extract<Route, { kind: 'leave' }>,
): void {
  const member = ctx.store.members.get(route.memberId);
  const list = member ? ctx.store.lists.get(member.listId) : undefined;
  if (!member || !list) {
    log.info({ incoming: message.id, member: route.memberId }, 'IGNORED leave for a removed member');
    return;
  }
  unsubscribeMember(ctx, list, member, { goodbye: true, by: 'leave-address', limited: true, inReplyTo: message.messageId });
}
