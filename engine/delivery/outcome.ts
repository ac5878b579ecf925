/** What one attempt to hand a copy to a server came to. */
export interface SendOutcome {
  kind: 'delivered' | 'temporary' | 'permanent';
  remoteHost: string | null;
  replyCode: number | null;
  reply: string;
  /** The SMTP command that failed (MAIL FROM, RCPT TO, DATA, CONN), for the delivery log. */
  command?: string;
}

/** One open connection that can send several messages in turn. */
export interface OutboundSession {
  readonly remoteHost: string;
  /**
   * The "ip:port" an SMTP session is connected to, or undefined for other sessions.
   * A session may go on with copies for any domain whose first MX is this address.
   */
  readonly endpoint?: string;
  /**
   * Send one message. A session that can send ahead writes the `next` envelope with
   * this message's data; the next call must then send exactly that envelope, or call
   * abandonAhead.
   */
  send(envelope: { from: string; to: string }, chunks: Buffer[], next?: { from: string; to: string }): Promise<SendOutcome>;
  /** Whether the session can write the next envelope ahead of its message (SMTP PIPELINING). */
  readonly canSendAhead?: boolean;
  /** Give up the envelope sent ahead, if any; the session may become unusable. */
  abandonAhead?(): void;
  /** Whether another message may be sent on this session. */
  readonly usable: boolean;
  close(): Promise<void>;
}

/** Classify a reply code: 2xx delivered, 5xx permanent, anything else temporary (RFC 5321 4.2.1). */
export function outcomeKind(code: number | null | undefined): SendOutcome['kind'] {
  if (!code) return 'temporary';
  if (code >= 200 && code < 300) return 'delivered';
  if (code >= 500 && code < 600) return 'permanent';
  return 'temporary';
}
