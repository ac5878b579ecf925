import type { BounceReason } from './reasons.ts';

/**
 * Enhanced status codes mapped to reasons: RFC 3463, and the authentication codes
 * X.7.20-X.7.26 (RFC 7372) and null MX codes X.1.10 and X.7.27 (RFC 7505) registered since.
 * `firm` codes name the cause exactly, so they win over the diagnostic text; the others
 * are used only when no diagnostic pattern matches.
 */
const detailCodes: Record<string, { reason: BounceReason; firm?: true }> = {
  '1.1': { reason: 'userunknown', firm: true }, // bad destination mailbox address
  '1.2': { reason: 'hostunknown', firm: true }, // bad destination system address
  '1.3': { reason: 'userunknown', firm: true }, // bad destination mailbox address syntax
  '1.4': { reason: 'userunknown' }, // destination mailbox address ambiguous
  '1.6': { reason: 'hasmoved', firm: true }, // destination mailbox has moved
  '1.7': { reason: 'senderrejected' }, // bad sender's mailbox address syntax
  '1.8': { reason: 'senderrejected' }, // bad sender's system address
  '1.10': { reason: 'hostunknown' }, // recipient address has null MX (RFC 7505)
  '2.1': { reason: 'suspended' }, // mailbox disabled, not accepting messages
  '2.2': { reason: 'mailboxfull', firm: true }, // mailbox full
  '2.3': { reason: 'toolarge', firm: true }, // message length exceeds administrative limit
  '2.4': { reason: 'systemerror' }, // mailing list expansion problem
  '3.1': { reason: 'systemerror' }, // mail system full
  '3.2': { reason: 'notaccept' }, // system not accepting network messages
  '3.4': { reason: 'toolarge', firm: true }, // message too big for system
  '4.1': { reason: 'networkerror' }, // no answer from host
  '4.2': { reason: 'networkerror' }, // bad connection
  '4.3': { reason: 'networkerror' }, // directory server failure
  '4.4': { reason: 'hostunknown' }, // unable to route
  '4.5': { reason: 'systemerror' }, // mail system congestion
  '4.6': { reason: 'networkerror' }, // routing loop detected
  '4.7': { reason: 'expired' }, // delivery time expired
  '5.3': { reason: 'ratelimited' }, // too many recipients
  '7.1': { reason: 'policy' }, // delivery not authorized, message refused
  '7.2': { reason: 'policy' }, // mailing list expansion prohibited
  '7.8': { reason: 'securityerror' }, // authentication credentials invalid
  '7.13': { reason: 'suspended' }, // user account disabled
  '7.17': { reason: 'hasmoved' }, // mailbox owner has changed
  '7.18': { reason: 'hasmoved' }, // domain owner has changed
  '7.20': { reason: 'securityerror', firm: true }, // no passing DKIM signature found
  '7.21': { reason: 'securityerror', firm: true }, // no acceptable DKIM signature found
  '7.22': { reason: 'securityerror', firm: true }, // no valid author-matched DKIM signature
  '7.23': { reason: 'securityerror', firm: true }, // SPF validation failed
  '7.24': { reason: 'securityerror', firm: true }, // SPF validation error
  '7.25': { reason: 'blocked', firm: true }, // reverse DNS validation failed
  '7.26': { reason: 'securityerror', firm: true }, // multiple authentication checks failed
  '7.27': { reason: 'senderrejected', firm: true }, // sender address has null MX
};

/** The reason of a subject (the middle digit) when its detail code is not in the table. */
const subjectCodes: Record<string, BounceReason> = {
  '1': 'userunknown',
  '2': 'undefined',
  '3': 'systemerror',
  '4': 'networkerror',
  '5': 'undefined',
  '6': 'contenterror',
  '7': 'policy',
};

export interface StatusMeaning {
  reason: BounceReason;
  firm: boolean;
}

/** What an enhanced status code such as "5.1.1" says, or null for a success or X.0.0. */
export function statusMeaning(status: string): StatusMeaning | null {
  const match = /^[245]\.(\d{1,3})\.(\d{1,3})$/.exec(status);
  if (!match || status.startsWith('2')) return null;
  const [, subject, detail] = match as unknown as [string, string, string];
  const entry = detailCodes[`${subject}.${detail}`];
  if (entry) return { reason: entry.reason, firm: entry.firm === true };
  if (detail === '0' && subject === '0') return null;
  const reason = subjectCodes[subject];
  return reason && reason !== 'undefined' ? { reason, firm: false } : null;
}

/** "hard" for class 5, "soft" for class 4, null for success or anything else. */
export function statusKind(status: string | null): 'hard' | 'soft' | null {
  if (!status) return null;
  if (status.startsWith('5')) return 'hard';
  if (status.startsWith('4')) return 'soft';
  return null;
}

// An enhanced code stands alone: not part of an IP address, a version or a date.
const enhancedPattern = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/g;

/** The first enhanced status code in a text, normalized without leading zeros. */
export function findEnhancedStatus(text: string): string | null {
  for (const match of text.matchAll(enhancedPattern)) {
    const [, cls, subject, detail] = match as unknown as [string, string, string, string];
    if (subject.length > 1 && subject.startsWith('0')) continue;
    return `${cls}.${Number(subject)}.${Number(detail)}`;
  }
  return null;
}

// A reply code at the start of the text, after "said:", "<<<" or "reason:", or before an
// enhanced code; other three-digit numbers (ports, counts) are not taken.
const replyPatterns = [
  /^\s*(?:smtp;\s*)?([245][0-5]\d)(?=[\s-:]|$)/i,
  /(?:said|says|responded|replied|reason|error|<<<|response|answer|code|status)\s*:?\s*\[?\s*([245][0-5]\d)(?=[\s-:\]]|$)/i,
  /(?<![\d.])([245][0-5]\d)[\s-](?=[245]\.\d{1,3}\.\d{1,3})/,
  /(?:^|[\s([#])([45][0-5]\d)(?=[\s-][A-Z<])/,
];

/** The first SMTP reply code (RFC 5321 4.2) found in a diagnostic text. */
export function findReplyCode(text: string): number | null {
  for (const pattern of replyPatterns) {
    const match = pattern.exec(text);
    if (match?.[1]) return Number(match[1]);
  }
  return null;
}
