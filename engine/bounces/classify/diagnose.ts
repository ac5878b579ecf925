import { matchBouncePattern } from './patterns.ts';
import type { BounceReason } from './reasons.ts';
import { findEnhancedStatus, findReplyCode, statusKind, statusMeaning } from './status-codes.ts';
import type { BounceKind } from './types.ts';

export interface DiagnosisInput {
  /** Diagnostic text: a Diagnostic-Code, an SMTP reply, or the report's sentence. */
  text: string;
  /** A status code given apart from the text, such as the DSN Status field. */
  status?: string | null;
  replyCode?: number | null;
  /** What the report as a whole says ("permanent error", "will retry"). */
  reportKind?: BounceKind | null;
}

export interface Diagnosis {
  reason: BounceReason;
  kind: BounceKind | null;
  status: string | null;
  replyCode: number | null;
  /** The id of the matching entry of the pattern table. */
  patternId: string | null;
}

/**
 * Decide reason and kind from a diagnostic. The kind comes from the status class, then
 * the reply code, then the report's own wording, then the pattern's hint. The reason comes
 * from a firm status code, then the pattern table, then any other status code.
 */
export function diagnose(input: DiagnosisInput): Diagnosis {
  const status = normalizeStatus(input.status) ?? findEnhancedStatus(input.text);
  const replyCode = input.replyCode ?? findReplyCode(input.text);
  const meaning = status ? statusMeaning(status) : null;
  const pattern = matchBouncePattern(input.text);

  const reason = meaning?.firm ? meaning.reason : (pattern?.reason ?? meaning?.reason ?? 'undefined');
  const kind = statusKind(status) ?? replyKind(replyCode) ?? input.reportKind ?? pattern?.kind ?? null;
  return { reason, kind, status, replyCode, patternId: pattern?.id ?? null };
}

function replyKind(code: number | null): BounceKind | null {
  if (code === null) return null;
  if (code >= 500 && code < 600) return 'hard';
  if (code >= 400 && code < 500) return 'soft';
  return null;
}

/** "5.1.1 (bad destination)" becomes "5.1.1"; anything that is not a code becomes null. */
export function normalizeStatus(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /^\s*([245])\.(\d{1,3})\.(\d{1,3})/.exec(value);
  return match ? `${match[1]}.${Number(match[2])}.${Number(match[3])}` : null;
}
