import type { Post } from '../../store/posts.ts';
import type { Store } from '../../store/index.ts';
import type { PostView } from '../views.ts';
import { requirePost } from './lookup.ts';
import type { Handlers } from './types.ts';

function toPostView(store: Store, post: Post, listNames: Map<number, string>): PostView {
  return {
    id: post.id,
    kind: post.kind,
    listId: post.listId,
    listName: post.listId === null ? null : (listNames.get(post.listId) ?? null),
    sender: post.sender,
    subject: post.subject,
    messageId: post.messageId,
    state: post.state,
    createdAt: post.createdAt,
    finishedAt: post.finishedAt,
    progress: store.posts.progress(post.id),
  };
}

function listNames(store: Store): Map<number, string> {
  return new Map(store.lists.all().map((list) => [list.id, list.name]));
}

export const postMethods = {
  'posts.list': ({ engine }, input) => {
    const names = listNames(engine.store);
    return { posts: engine.store.posts.recent(input).map((post) => toPostView(engine.store, post, names)) };
  },

  'posts.get': ({ engine }, { postId }) => toPostView(engine.store, requirePost(engine.store, postId), listNames(engine.store)),

  'posts.deliveries': ({ engine }, input) => {
    requirePost(engine.store, input.postId);
    const page = engine.store.deliveries.query({ ...input, domain: input.domain || undefined, search: input.search || undefined });
    const domains = engine.store.db
      .prepare(
        `SELECT domain, count(*) AS count FROM deliveries WHERE post_id = ?
         GROUP BY domain ORDER BY count DESC, domain LIMIT 50`,
      )
      .all(input.postId) as { domain: string; count: number }[];
    return { total: page.total, deliveries: page.deliveries, domains };
  },

  'posts.attempts': ({ engine }, { deliveryId }) => engine.store.deliveries.events(deliveryId),

  'posts.resendFailed': ({ engine, hub }, { postId }) => {
    const store = engine.store;
    requirePost(store, postId);
    const requeued = store.db.transaction(() => {
      const count = store.deliveries.requeueFailed(postId);
      if (count > 0) store.posts.reopen(postId);
      return count;
    })();
    if (requeued > 0) engine.wakeDelivery();
    engine.log.child({ subsystem: 'api' }).info({ post: postId, requeued }, 'REQUEUED');
    hub.publish('post.progress', { postId, progress: store.posts.progress(postId), done: requeued === 0 && store.posts.get(postId)?.state === 'done' });
    return { requeued };
  },
} satisfies Partial<Handlers>;
