import type { Logger } from 'pino';

import type { Store } from '../store/index.ts';
import type { IncomingMessage, Route } from '../store/incoming.ts';

/**
 * Record a report that arrived at a per-member bounce address. A verified token
 * attributes it to the member; a forged one is logged and recorded unattributed.
 */
export function receiveBounce(
  store: Store,
  log: Logger,
  message: IncomingMessage,
  route: Extract<Route, { kind: 'bounce' }>,
): void {
  if (!route.verified) {
    log.warn({ incoming: message.id, rcpt: route.address }, 'FORGED bounce token; recorded unattributed');
    store.bounces.insert({ source: 'dsn', incomingId: message.id, attributedBy: 'none', detail: 'invalid token' });
    return;
  }
  const post = store.posts.get(route.postId);
  const member = route.memberId ? store.members.get(route.memberId) : undefined;
  store.bounces.insert({
    source: 'dsn',
    incomingId: message.id,
    listId: member?.listId ?? post?.listId ?? null,
    memberId: member?.id ?? null,
    postId: post?.id ?? null,
    rcpt: member?.email ?? null,
    attributedBy: 'token',
  });
  log.info({ incoming: message.id, post: route.postId, member: route.memberId }, 'BOUNCE received');
}
