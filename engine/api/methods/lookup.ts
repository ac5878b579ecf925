import { LyreError } from '../../errors.ts';
import type { List } from '../../store/lists.ts';
import type { Member } from '../../store/members.ts';
import type { Post } from '../../store/posts.ts';
import type { Store } from '../../store/index.ts';

export function requireList(store: Store, listId: number): List {
  const list = store.lists.get(listId);
  if (!list) throw new LyreError('not_found', `List ${listId} not found; it may have been deleted. Reload the lists.`);
  return list;
}

export function requireMember(store: Store, memberId: number): Member {
  const member = store.members.get(memberId);
  if (!member) {
    throw new LyreError('not_found', `Member ${memberId} not found; it may have been deleted. Reload the members.`);
  }
  return member;
}

export function requirePost(store: Store, postId: number): Post {
  const post = store.posts.get(postId);
  if (!post) throw new LyreError('not_found', `Post ${postId} not found; it may have been deleted with its list.`);
  return post;
}
