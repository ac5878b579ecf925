import type { Logger } from 'pino';

import { decodeHeaderText } from '../shaping/encoded-words.ts';
import { firstValue, splitMessage } from '../shaping/header-block.ts';
import { senderAddresses } from '../rules/may-post.ts';
import type { Store } from '../store/index.ts';
import type { IncomingMessage, Route } from '../store/incoming.ts';

/**
 * Turn an accepted post into a post row and one queued delivery per receiving member.
 * Copies are not composed here: the scheduler composes each as it sends it.
 */
export function createPostFromMessage(
  store: Store,
  log: Logger,
  message: IncomingMessage,
  route: Extract<Route, { kind: 'post' }>,
): void {
  const list = store.lists.get(route.listId);
  if (!list) {
    log.warn({ incoming: message.id, list: route.listId }, 'DISCARDED post to a deleted list');
    return;
  }
  const fields = splitMessage(message.raw).fields;
  const subject = decodeHeaderText(firstValue(fields, 'subject') ?? '');
  const sender = senderAddresses(fields, message.mailFrom)[0] ?? message.mailFrom;
  const { post, copies } = store.posts.createPost({
    listId: list.id,
    incomingId: message.id,
    sender,
    subject,
    messageId: message.messageId,
  });
  log.info({ incoming: message.id, post: post.id, list: list.name, copies }, 'QUEUED post');
}
