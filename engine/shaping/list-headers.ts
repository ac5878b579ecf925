import type { List } from '../store/lists.ts';
import { encodeDisplayName, foldHeader } from './encoded-words.ts';

/**
 * Header fields that Lyre writes on every copy. Any existing field with one of these
 * names (from the author, or from another list the post passed through) is removed
 * first, so they are replaced rather than duplicated.
 */
export const replacedFields = new Set([
  'list-id',
  'list-post',
  'list-help',
  'list-subscribe',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'list-archive',
  'list-owner',
  'precedence',
  'x-lyre-member-id',
  'x-lyre-member-name',
  'return-path',
  'delivered-to',
]);

/** The list's RFC 2919 identifier: the name and host joined by a dot. */
export function listId(list: List): string {
  return `${list.name.toLowerCase()}.${list.host}`;
}

export function listAddress(list: List): string {
  return `${list.name}@${list.host}`;
}

/** Fields that are the same in every copy of a post: List-Id, List-Post, List-Help, Precedence. */
export function sharedListHeaders(list: List): string {
  const description = list.settings.description.trim();
  const id = description ? `${encodeDisplayName(description)} <${listId(list)}>` : `<${listId(list)}>`;
  const post = list.type === 'announcement' ? 'NO' : `<mailto:${listAddress(list)}>`;
  return [
    foldHeader('List-Id', id),
    foldHeader('List-Post', post),
    foldHeader('List-Help', `<mailto:${list.name}-request@${list.host}?subject=help>`),
    foldHeader('Precedence', 'list'),
  ].join('');
}

export interface MemberLinks {
  memberHeaderValue: string;
  name: string;
  unsubscribeUrl: string;
  leaveAddress: string;
}

/**
 * Fields that differ per member: the member headers and List-Unsubscribe with its
 * one-click companion (RFC 2369, RFC 8058).
 */
export function memberHeaders(links: MemberLinks): string {
  let out = foldHeader('X-Lyre-Member-ID', links.memberHeaderValue);
  if (links.name.trim() !== '') out += foldHeader('X-Lyre-Member-Name', encodeDisplayName(links.name.trim()));
  out += foldHeader('List-Unsubscribe', `<${links.unsubscribeUrl}>, <mailto:${links.leaveAddress}>`);
  out += 'List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n';
  return out;
}
