/**
 * A notice as decided inside a transaction: everything needed to compose it later.
 * Stored as JSON in notice_outbox, so every field is plain data.
 */
export interface NoticeSpec {
  /** The list the notice is about, for the delivery log; null for server-level replies. */
  listId: number | null;
  /** The member it is sent to, when it goes to a member. */
  memberId: number | null;
  to: string;
  toName?: string;
  from: string;
  fromName?: string;
  replyTo?: string;
  subject: string;
  text: string;
  /** Message-ID of the message this answers, for In-Reply-To and References. */
  inReplyTo?: string | null;
  /** A received message attached as message/rfc822, for example a message to LIST-owner@. */
  attachIncomingId?: number;
  /** RFC 3834: auto-replied for answers to a message, auto-generated for the rest. */
  autoSubmitted: 'auto-replied' | 'auto-generated';
  /** Host for the X-Loop field (lyre@host) and the Message-ID. */
  host: string;
  /** Counted against the daily limit of automatic replies to one address. */
  limited: boolean;
}
