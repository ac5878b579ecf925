import type { BounceReason } from './reasons.ts';

export type BounceKind = 'hard' | 'soft';

/** What a returned message is. Only 'failure' is a bounce that the policy may count. */
export type BounceType =
  | 'failure'
  | 'delay'
  | 'autoreply'
  | 'feedback-report'
  | 'challenge-response'
  | 'delivery-success'
  | 'non-bounce';

export interface BounceRecipient {
  /** The recipient address, lowercased. */
  address: string;
  kind: BounceKind | null;
  reason: BounceReason | null;
  /** Enhanced status code (RFC 3463), such as "5.1.1". */
  status: string | null;
  /** The remote server's reply or the report's own words about this recipient. */
  diagnostic: string | null;
}

export interface BounceReport {
  /** True for a failure report: delays, autoreplies and feedback reports are not bounces. */
  isBounce: boolean;
  type: BounceType;
  recipients: BounceRecipient[];
  /** The kind of the first hard recipient, else of the first soft one. */
  kind: BounceKind | null;
  reason: BounceReason | null;
  status: string | null;
  /** The software or provider that wrote the report, lowercased, when recognizable. */
  mta: string | null;
  /** The X-Lyre-Member-ID value found in the returned copy, as written (`<id>.<sig>`). */
  memberId?: string;
  /** For a feedback report (RFC 5965): its Feedback-Type, such as "abuse". */
  feedbackType?: string;
}
