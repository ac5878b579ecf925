/**
 * The closed set of bounce reasons. `ourSide` marks failures caused by what Lyre sent or
 * where it sent from (its IP on a block list, missing authentication, rate limits, its own
 * return path, the form of the message): the bounce policy records them without counting
 * them against the member.
 */
export const bounceReasons = {
  userunknown: { ourSide: false, description: 'The mailbox does not exist.' },
  hostunknown: { ourSide: false, description: 'The domain does not exist or has no mail server.' },
  hasmoved: { ourSide: false, description: 'The mailbox moved and left no forwarding address.' },
  suspended: { ourSide: false, description: 'The mailbox is disabled or suspended.' },
  mailboxfull: { ourSide: false, description: 'The mailbox is full or over its quota.' },
  notaccept: { ourSide: false, description: 'The domain or host accepts no mail at all.' },
  toolarge: { ourSide: false, description: "The message exceeds the recipient's size limit." },
  spamdetected: { ourSide: false, description: 'A content filter judged the message spam or malware.' },
  policy: { ourSide: false, description: "The recipient's policy or filter rejected the message." },
  blocked: {
    ourSide: true,
    description: 'The sending IP or host is block-listed, lacks reverse DNS or has a poor reputation.',
  },
  securityerror: { ourSide: true, description: 'SPF, DKIM or DMARC authentication failed.' },
  ratelimited: { ourSide: true, description: 'Too many messages or connections from the sender.' },
  senderrejected: { ourSide: true, description: 'The envelope sender (return path) was rejected.' },
  contenterror: {
    ourSide: true,
    description: 'The message form was rejected: not RFC 5322 compliant, or media not accepted.',
  },
  expired: { ourSide: false, description: 'Delivery attempts ran out of time.' },
  networkerror: {
    ourSide: false,
    description: 'Connection, DNS or routing failure on the way to the recipient.',
  },
  systemerror: { ourSide: false, description: "The recipient's mail system failed or is unavailable." },
  mailererror: { ourSide: false, description: 'A local delivery program at the recipient failed.' },
  undefined: { ourSide: false, description: 'The report gives no recognizable cause.' },
} as const satisfies Record<string, { ourSide: boolean; description: string }>;

export type BounceReason = keyof typeof bounceReasons;

export const bounceReasonNames = Object.keys(bounceReasons) as BounceReason[];

export function isOurSide(reason: BounceReason | null): boolean {
  return reason !== null && bounceReasons[reason].ourSide;
}
