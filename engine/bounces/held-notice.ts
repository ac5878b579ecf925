import type { NoticeContext } from '../notices/document-notice.ts';
import { queueDocument } from '../notices/document-notice.ts';

/**
 * Tell a member that bounces put their delivery on hold, with the last error and how to
 * be re-activated (the "held" document: mail unhold@). The notice is queued in the
 * caller's transaction; it may well bounce too, which a held member's status does not count.
 */
export function queueHeldNotice(ctx: NoticeContext, memberId: number, lastError: string | null): void {
  const member = ctx.store.members.get(memberId);
  if (!member || member.status !== 'held') return;
  const list = ctx.store.lists.get(member.listId);
  if (!list) return;
  queueDocument(ctx, 'held', list, member, { extra: { last_error: lastError ?? 'no error text was given' } });
}
