import { classifySmtpReply } from '../classify/smtp-reply.ts';
import type { BounceReport } from '../classify/types.ts';
import type { BounceEventInput } from './types.ts';

/** The member a bounce belongs to and the rows it relates to, as intake or delivery found them. */
export interface BounceAttribution {
  attributedBy: BounceEventInput['attributedBy'];
  memberId: number | null;
  /** The member's address, to pick their line out of a report that names several. */
  memberEmail?: string | null;
  listId?: number | null;
  postId?: number | null;
  deliveryId?: number | null;
  incomingId?: number | null;
  at?: number;
}

/**
 * Build the event of a classified report that arrived by mail: the member's own recipient
 * line when the report names them, else its first hard or soft line.
 */
export function eventFromReport(report: BounceReport, attribution: BounceAttribution): BounceEventInput {
  const email = attribution.memberEmail?.toLowerCase();
  const line =
    report.recipients.find((r) => r.address === email) ?? report.recipients.find((r) => r.kind !== null);
  return {
    ...attribution,
    source: 'dsn',
    rcpt: line?.address ?? attribution.memberEmail ?? null,
    type: report.type,
    kind: line?.kind ?? report.kind,
    reason: line?.reason ?? report.reason,
    status: line?.status ?? report.status,
    detail: line?.diagnostic ?? null,
  };
}

/**
 * Build the event of a reply that Lyre's own delivery received: a 5xx at once, or the
 * last reply when temporary failures ran out of retries. `reply` is null when the last
 * attempt got no reply at all (a timeout or a refused connection).
 */
export function eventFromSmtpReply(
  reply: { code: number; enhanced: string | null; text: string } | null,
  rcpt: string,
  attribution: BounceAttribution,
): BounceEventInput {
  const base = { ...attribution, source: 'smtp' as const, rcpt, type: 'failure' as const };
  if (!reply)
    return { ...base, kind: 'soft', reason: 'expired', status: null, replyCode: null, detail: null };
  const result = classifySmtpReply(reply.code, reply.enhanced, reply.text);
  return {
    ...base,
    kind: result.kind,
    reason: result.reason,
    status: result.status,
    replyCode: reply.code,
    detail: `${reply.code} ${reply.text}`.trim(),
  };
}
