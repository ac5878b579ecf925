import { resolveDocument } from '../documents/resolve.ts';
import type { DocumentName } from '../documents/defaults.ts';
import { mergeText, type MergeValues } from '../documents/merge.ts';
import type { List } from '../store/lists.ts';
import type { Member } from '../store/members.ts';
import type { Store } from '../store/index.ts';
import type { MemberLinks } from './links.ts';
import type { Notices } from './notices.ts';

/** The services that sending a document needs. */
export interface NoticeContext {
  store: Store;
  links: MemberLinks;
  notices: Notices;
}

export interface DocumentOptions {
  /** Values of tags that depend on the occasion: confirm_url, expires, last_error, ... */
  extra?: MergeValues;
  /** Counted against the daily reply limit: true when an incoming message caused it. */
  limited?: boolean;
  replyTo?: string;
  inReplyTo?: string | null;
}

/** The LIST-request address, which list notices come from and replies to them reach. */
export function requestAddress(list: List): string {
  return `${list.name}-request@${list.host}`;
}

/** Merge values every list document can use, for one member. */
export function memberMergeValues(ctx: NoticeContext, list: List, member: Pick<Member, 'id' | 'email' | 'name'>): MergeValues {
  return {
    name: member.name.trim() || member.email,
    email: member.email,
    list: list.name,
    list_address: `${list.name}@${list.host}`,
    list_description: list.settings.description,
    request_address: requestAddress(list),
    owner_address: `${list.name}-owner@${list.host}`,
    join_address: `${list.name}-join@${list.host}`,
    unsubscribe_url: ctx.links.unsubscribeUrl(member.id),
    leave_address: ctx.links.leaveAddress(member.id, list),
    unhold_address: `unhold@${list.host}`,
    server_address: `lyre@${list.host}`,
  };
}

/**
 * Queue one of a list's documents to a member, with its merge tags filled in.
 * Returns the outbox id, or null when the daily reply limit held it back.
 */
export function queueDocument(
  ctx: NoticeContext,
  name: DocumentName,
  list: List,
  member: Pick<Member, 'id' | 'email' | 'name'>,
  options: DocumentOptions = {},
): number | null {
  const document = resolveDocument(ctx.store.db, list.id, name);
  const values = { ...memberMergeValues(ctx, list, member), ...options.extra };
  return ctx.notices.queue({
    listId: list.id,
    memberId: member.id,
    to: member.email,
    toName: member.name.trim() || undefined,
    from: requestAddress(list),
    fromName: list.settings.description.trim() || list.name,
    replyTo: options.replyTo,
    subject: mergeText(document.subject, values).replace(/\s+/g, ' ').trim(),
    text: mergeText(document.body, values),
    inReplyTo: options.inReplyTo ?? null,
    autoSubmitted: 'auto-generated',
    host: list.host,
    limited: options.limited ?? false,
  });
}
