import { hostname as machineName } from 'node:os';

import type { TokenSigner } from '../bounces/token.ts';
import { copyChunks, preparePost, receivedLine, type PostTemplate } from '../shaping/compose.ts';
import type { Store } from '../store/index.ts';
import type { Delivery } from '../store/deliveries.ts';
import type { List } from '../store/lists.ts';
import type { Post } from '../store/posts.ts';

export interface PreparedPost {
  post: Post;
  list: List | undefined;
  /** For list posts: the shared parts of every copy. */
  template?: PostTemplate;
  /** For notices: the whole message. */
  raw?: Buffer;
  host: string;
}

/** The signed tokens of one copy (engine/bounces/token.ts), for the purposes their names give. */
export interface CopyTokens {
  bounce: string;
  member: string;
  unsubscribe: string;
  leave: string;
}

/**
 * Composes each copy as it is sent, from a per-post template kept for the posts that
 * have copies in flight: the body is read from the store once per post, not per copy.
 */
export class CopyComposer {
  readonly #posts = new Map<number, PreparedPost>();

  constructor(
    private readonly store: Store,
    private readonly signer: TokenSigner,
    private readonly publicUrl: () => string,
    private readonly hostname: () => string,
  ) {}

  prepared(postId: number): PreparedPost | undefined {
    const cached = this.#posts.get(postId);
    if (cached) return cached;
    const post = this.store.posts.get(postId);
    if (!post) return undefined;
    const list = post.listId !== null ? this.store.lists.get(post.listId) : undefined;
    const raw = this.store.posts.raw(postId);
    if (!raw) return undefined;
    const host = list?.host ?? (this.hostname() || machineName());
    let prepared: PreparedPost;
    if (post.kind === 'post' && list && post.incomingId !== null) {
      const incoming = this.store.incoming.get(post.incomingId);
      const trace = receivedLine({
        helo: incoming?.helo ?? '',
        clientIp: incoming?.clientIp ?? '127.0.0.1',
        hostname: this.hostname() || machineName(),
        id: `${post.incomingId}`,
        receivedAt: new Date(incoming?.receivedAt ?? post.createdAt),
      });
      const defaults = {
        messageId: `<lyre.${post.incomingId}.${post.id}@${host}>`,
        date: new Date(incoming?.receivedAt ?? post.createdAt),
      };
      prepared = { post, list, template: preparePost(raw, list, trace, defaults), host };
    } else {
      prepared = { post, list, raw, host };
    }
    this.#posts.set(postId, prepared);
    return prepared;
  }

  /** Forget a post's template once none of its copies is held in memory. */
  release(postId: number): void {
    this.#posts.delete(postId);
  }

  /** The copy's envelope sender; `tokens` are ones signed ahead (see Presigner), else it signs here. */
  envelopeFrom(prepared: PreparedPost, delivery: Delivery, tokens?: CopyTokens): string {
    const token = tokens?.bounce ?? this.signer.sign('bounce', [delivery.postId, delivery.memberId ?? 0]);
    return `bounce-${token}@${prepared.host}`;
  }

  chunks(prepared: PreparedPost, delivery: Delivery, memberName: string, tokens?: CopyTokens): Buffer[] {
    if (!prepared.template) return [prepared.raw!];
    const memberId = delivery.memberId ?? 0;
    const member = tokens?.member ?? this.signer.sign('member', [memberId]);
    const unsubscribe = tokens?.unsubscribe ?? this.signer.sign('unsubscribe', [memberId]);
    const leave = tokens?.leave ?? this.signer.sign('leave', [memberId]);
    return copyChunks(prepared.template, { name: memberName }, {
      memberHeaderValue: `${memberId}.${member.split('-')[1]}`,
      unsubscribeUrl: `${this.publicUrl()}/u/${unsubscribe}`,
      leaveAddress: `leave-${leave}@${prepared.host}`,
    });
  }
}
