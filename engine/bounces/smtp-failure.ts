import type { FailedCopy } from '../delivery/result-writer.ts';
import type { Store } from '../store/index.ts';

/**
 * Record a copy that Lyre's own delivery could not hand over as a bounce event of
 * its member: at once for a 5xx reply (a synchronous bounce, without waiting for a
 * DSN), and when temporary failures ran out of retries. Runs inside the result commit.
 */
export function recordSmtpFailure(store: Store, failure: FailedCopy): void {
  if (failure.memberId === null) return;
  store.bounces.insert({
    source: 'smtp',
    deliveryId: failure.result.deliveryId,
    listId: failure.listId,
    memberId: failure.memberId,
    postId: failure.postId,
    rcpt: failure.rcpt,
    attributedBy: 'smtp',
    kind: failure.permanent ? 'hard' : 'soft',
    reason: failure.permanent ? null : 'expired',
    status: /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(failure.result.reply ?? '')?.[1] ?? null,
    replyCode: failure.result.replyCode,
    detail: failure.result.reply,
  });
}
