import { diagnose, normalizeStatus } from './diagnose.ts';
import { isOurSide, type BounceReason } from './reasons.ts';
import type { BounceKind } from './types.ts';

export interface SmtpReplyClass {
  kind: BounceKind | null;
  reason: BounceReason;
  /** True when the failure is Lyre's own (block list, authentication, rate, return path). */
  ourSide: boolean;
  status: string | null;
  /** The pattern table entry that matched the reply text. */
  patternId: string | null;
}

/**
 * Classify an SMTP reply that Lyre's own delivery received (a synchronous bounce):
 * the reply code, its enhanced status code when the server sent one (RFC 2034) and the
 * reply text, through the same tables as the reports.
 */
export function classifySmtpReply(code: number, enhanced: string | null, text: string): SmtpReplyClass {
  const diagnosis = diagnose({ text, status: normalizeStatus(enhanced), replyCode: code });
  // The reply code is what the protocol acts on, even where a server's enhanced code disagrees.
  const kind = code >= 500 && code < 600 ? 'hard' : code >= 400 && code < 500 ? 'soft' : diagnosis.kind;
  return {
    kind,
    reason: diagnosis.reason,
    ourSide: isOurSide(diagnosis.reason),
    status: diagnosis.status,
    patternId: diagnosis.patternId,
  };
}
