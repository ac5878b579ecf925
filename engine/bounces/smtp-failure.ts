import type { FailedCopy } from '../delivery/result-writer.ts';
import type { Store } from '../store/index.ts';
import { applyBounceEvent, eventFromSmtpReply, type BounceOutcome } from './policy/index.ts';

/** Split "550 5.1.1 No such user" into its code, enhanced status and text. */
export function parseReply(code: number | null, reply: string | null): { code: number; enhanced: string | null; text: string } | null {
  if (code === null || !reply) return null;
  const text = reply.replace(/^\d{3}[ -]?/, '');
  const enhanced = /^([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? null;
  return { code, enhanced, text: enhanced ? text.slice(enhanced.length).trim() : text.trim() };
}

/**
 * Record a copy that Lyre's own delivery could not hand over as a bounce of its member:
 * at once for a 5xx reply (a synchronous bounce, without waiting for a DSN), or when
 * temporary failures ran out of retries. The same classification and policy apply as
 * to a DSN. Runs inside the result commit.
 */
export function recordSmtpFailure(store: Store, failure: FailedCopy): BounceOutcome | null {
  if (failure.memberId === null) return null;
  const reply = failure.permanent ? parseReply(failure.result.replyCode, failure.result.reply) : null;
  return applyBounceEvent(
    store,
    eventFromSmtpReply(reply, failure.rcpt, {
      attributedBy: 'smtp',
      memberId: failure.memberId,
      listId: failure.listId,
      postId: failure.postId,
      deliveryId: failure.result.deliveryId,
    }),
  );
}
