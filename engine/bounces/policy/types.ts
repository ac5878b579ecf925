import type { BounceReason } from '../classify/reasons.ts';
import type { BounceKind, BounceType } from '../classify/types.ts';
import type { NewBounceEvent } from '../../store/bounces.ts';

/** One bounce of one member (or of nobody, when it could not be attributed). */
export interface BounceEventInput {
  /** 'dsn' for a report that arrived by mail, 'smtp' for a reply to Lyre's own delivery. */
  source: NewBounceEvent['source'];
  attributedBy: NewBounceEvent['attributedBy'];
  /** The member the bounce belongs to; null records it without attribution. */
  memberId: number | null;
  /** Defaults to the member's list. */
  listId?: number | null;
  postId?: number | null;
  deliveryId?: number | null;
  incomingId?: number | null;
  /** The failed address as the report or the reply named it. */
  rcpt?: string | null;
  /** Only 'failure' can count; 'feedback-report' unsubscribes; the rest are recorded. */
  type: BounceType;
  kind: BounceKind | null;
  reason: BounceReason | null;
  status?: string | null;
  replyCode?: number | null;
  /** The diagnostic text, shown in the member's bounce history. */
  detail?: string | null;
  /** Milliseconds since the epoch; defaults to now. */
  at?: number;
}

/** The reason a bounce did or did not count, from a closed set the admin GUI can show. */
export type BounceVerdict =
  | 'counted'
  | 'not-a-failure'
  | 'our-side'
  | 'no-member'
  | 'member-not-active'
  | 'already-counted-today'
  | 'unsubscribed-by-feedback';

export interface BounceOutcome {
  /** The bounce_events row written. */
  eventId: number;
  verdict: BounceVerdict;
  counted: boolean;
  /** True when this bounce put the member on hold. */
  held: boolean;
  /** True when this feedback report unsubscribed the member. */
  unsubscribed: boolean;
  /** The member's count after the event; null without a member. */
  bounceCount: number | null;
}
