import { queueDocument, requestAddress } from '../../notices/document-notice.ts';
import type { List } from '../../store/lists.ts';
import type { Member } from '../../store/members.ts';
import type { LifecycleContext } from './context.ts';

/** Approve a pending request to join a private list: the member receives mail and gets the hello document. */
export function approveMember(ctx: LifecycleContext, list: List, member: Member): boolean {
  if (member.status !== 'pending') return false;
  const updated = ctx.store.members.update(member.id, { status: 'normal' });
  queueDocument(ctx, 'hello', list, updated);
  ctx.log.info({ list: list.name, member: member.id }, 'APPROVED subscription');
  return true;
}

/** Reject a pending request: the row is kept as unsubscribed, and the requester gets a notice. */
export function rejectMember(ctx: LifecycleContext, list: List, member: Member): boolean {
  if (member.status !== 'pending') return false;
  ctx.store.members.setStatus(member.id, 'unsubscribed');
  ctx.notices.queue({
    listId: list.id,
    memberId: member.id,
    to: member.email,
    from: requestAddress(list),
    fromName: list.settings.description.trim() || list.name,
    subject: `Your request to join ${list.name}@${list.host}`,
    text: `Your request to join ${list.name}@${list.host} was not approved by its administrators.\n`,
    autoSubmitted: 'auto-generated',
    host: list.host,
    limited: false,
  });
  ctx.log.info({ list: list.name, member: member.id }, 'REJECTED subscription');
  return true;
}
