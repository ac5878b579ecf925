import type { Logger } from 'pino';

import type { Store } from '../store/index.ts';
import type { IncomingMessage, Route } from '../store/incoming.ts';

/** Unsubscribe the member whose signed leave-...@ address received the message. */
export function leaveByAddress(
  store: Store,
  log: Logger,
  message: IncomingMessage,
  route: Extract<Route, { kind: 'leave' }>,
): void {
  const member = store.members.get(route.memberId);
  if (!member) {
    log.info({ incoming: message.id, member: route.memberId }, 'IGNORED leave for a removed member');
    return;
  }
  store.members.setStatus(member.id, 'unsubscribed');
  log.info({ incoming: message.id, member: member.id, list: member.listId }, 'UNSUBSCRIBED by leave address');
}
