import { addressSource, cleanAddress } from './addresses.ts';
import { matchBouncePattern } from './patterns.ts';

/** A failed recipient found in the words of a notice, with the lines that explain it. */
export interface TextRecipient {
  address: string;
  diagnostic: string;
}

export interface TextRecipientContext {
  /** Addresses of the report's own headers (its sender and addressee), unlikely recipients. */
  ownAddresses: ReadonlySet<string>;
  /** The reporting domain, for notices that give only a local part (AOL does). */
  reportingDomain: string | null;
}

const address = `(${addressSource})`;
const opening = String.raw`["'<(\[]*`;

/** Lines that describe the returned message rather than a failed recipient. */
const headerLike =
  /^\s*(?:To|Cc|Bcc|From|Sender|Reply-To|Return-Path|Subject|Date|Message-I[dD]|Sent|Envelope-From|Sender Address|Originator|Absender|Expéditeur|Remitente)\s*:/i;

/** A line that starts with an address: qmail, Postfix, Exim, Gmail, Exchange, Notes, X.400 gateways. */
const lineStartRule = new RegExp(
  String.raw`^[\s>*•·\-]*(?:\d+[.)]\s+)?${opening}${address}[>"')\]]*(.*)$`,
  'u',
);

/** "Recipient address: user@example.org" and the same label in other words and languages. */
const labeledRule = new RegExp(
  String.raw`(?<!sender[ '’s]*|from\s|reply-to\s|original\s)\b(?:recipient(?:\(s\))?|(?:recipient |e-?mail |destination )?address(?:ee)?|userid|rcpt(?: to)?|failed recipient|empf(?:ä|ae)nger|destinataire|destinatario|adresse)\s*:\s*(?:rfc822;\s*)?${opening}${address}`,
  'iu',
);

/** Sentences that name the failed recipient inside the line. */
const phraseRules: readonly RegExp[] = [
  String.raw`(?:could ?n[o']t|can ?n[o']t|cannot|was ?n[o']t|was not|were not|has not been|could not be|not) (?:be )?(?:delivered|sent|forwarded|relayed) to`,
  String.raw`(?:delivery|deliver(?:ing)?|sending|transmission) (?:of (?:your |the )?(?:message|mail|e-?mail) )?(?:to|for)`,
  String.raw`(?:error|problem|problems|trouble|failure)s? (?:occurred )?(?:while )?(?:delivering|sending|transferring|deliver) (?:your |the )?(?:mail|message|e-?mail)?\s*(?:to|for)`,
  String.raw`(?:undeliverable|undelivered|unable to deliver(?: (?:your |the )?(?:message|mail|e-?mail))?|failed to deliver|failed to send)\s*(?:to|for)?`,
  String.raw`(?:your |the )?(?:message|mail|e-?mail) (?:to|for|addressed to)`,
  String.raw`rejected (?:recipient|address|rcpt|user)`,
  String.raw`(?:you sent mail to|originally addressed to|did not reach the following recipient(?:\(s\))?:?|invalid final delivery userid:?|could not deliver mail to|mail server could not deliver mail to|no such user:?|unknown user:?|user unknown:?)`,
  String.raw`(?:not a member of|not allowed to post to|posting to|post to) (?:this |the )?(?:mailing )?list`,
  String.raw`\b(?:SMTP|RFC-?822)\s*[=:;]`,
].map((phrase) => new RegExp(String.raw`${phrase}:?\s*${opening}${address}`, 'iu'));

/** A cause, then the address: "User's mailbox is full: <user@example.org>". */
const causeThenAddress = new RegExp(String.raw`^(.{3,160}?):\s*${opening}${address}[>"')\]]*\s*\.?\s*$`, 'u');

/** sendmail's transcript: ">>> RCPT To:<user@example.org>" followed by the reply "<<< 550 ...". */
const transcriptRcpt = new RegExp(String.raw`^\s*>>>\s*RCPT\s+TO:\s*<?${address}>?`, 'iu');
const transcriptReply = /^\s*<<<\s*[45]\d\d\b/;

/** A sendmail-style result line: "550 5.1.1 <user@example.org>... User unknown". */
const replyLineRule = new RegExp(
  String.raw`^\s*[45]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}\s+)?<${address}>\.\.\.`,
  'u',
);

/** Local parts that are report plumbing rather than someone's mailbox. */
const roleLocalParts =
  /^(?:postmaster|mailer-daemon|mailerdaemon|mail-daemon|maildaemon|mdaemon|abuse|hostmaster|no-?reply|do-?not-?reply|bounces?|root|daemon)$/i;

/**
 * Find the failed recipients named in a notice. Addresses the notice uses only to
 * describe itself (its sender, its addressee, a postmaster to contact) are dropped unless
 * nothing else is left.
 */
export function findTextRecipients(notice: string, context: TextRecipientContext): TextRecipient[] {
  const lines = notice.split(/\r?\n/);
  const found = new Map<string, TextRecipient>();
  const add = (raw: string, diagnostic: string) => {
    const cleaned = cleanAddress(raw);
    if (!cleaned) return;
    const existing = found.get(cleaned);
    if (!existing) found.set(cleaned, { address: cleaned, diagnostic });
    else if (existing.diagnostic === '' && diagnostic !== '') existing.diagnostic = diagnostic;
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (headerLike.test(line)) continue;

    const rcpt = transcriptRcpt.exec(line);
    if (rcpt) {
      const reply = lines.slice(i + 1, i + 3).find((next) => transcriptReply.test(next));
      if (reply) add(rcpt[1]!, reply.replace(/^\s*<<<\s*/, ''));
      continue;
    }

    const start = lineStartRule.exec(line);
    if (start) {
      // Exim's "A message sent by\n  <sender>\ncould not be delivered" names the sender.
      if (!sentByLine.test(previousText(lines, i))) {
        add(start[1]!, following(lines, i, start[2]!.replace(/^[\s:.,-]+/, '')));
      }
      continue;
    }

    const result = replyLineRule.exec(line);
    if (result) {
      add(result[1]!, line.trim());
      continue;
    }

    const cause = causeThenAddress.exec(line);
    if (cause && matchBouncePattern(cause[1]!)) {
      add(cause[2]!, cause[1]!.trim());
      continue;
    }

    const labeled = labeledRule.exec(line);
    if (labeled) add(labeled[1]!, following(lines, i, ''));

    for (const rule of phraseRules) {
      const match = rule.exec(line);
      if (match) add(match[1]!, following(lines, i, line.slice(match.index + match[0].length)));
    }
  }

  const recipients = withoutPlumbing([...found.values()], context.ownAddresses);
  if (recipients.length > 0) return recipients;
  const local = bareLocalParts(lines, context.reportingDomain);
  if (local.length > 0) return local;
  return anyAddresses(lines, context.ownAddresses);
}

/**
 * The last resort for wordings no rule matches (a language or a product not covered): the
 * addresses in angle brackets, else any address, that are not the report's own.
 */
function anyAddresses(lines: string[], ownAddresses: ReadonlySet<string>): TextRecipient[] {
  const text = lines
    .filter((line) => !headerLike.test(line) && !/https?:\/\/|mailto:/i.test(line))
    .join('\n');
  const bracketed = [...text.matchAll(new RegExp(`<${address}>`, 'gu'))].map((m) => m[1]!);
  const candidates =
    bracketed.length > 0 ? bracketed : [...text.matchAll(new RegExp(address, 'gu'))].map((m) => m[1]!);
  const cleaned = [...new Set(candidates.map((c) => cleanAddress(c)).filter((c): c is string => c !== null))];
  const people = cleaned.filter(
    (a) => !ownAddresses.has(a) && !roleLocalParts.test(a.slice(0, a.lastIndexOf('@'))),
  );
  if (people.length > 0) return people.map((a) => ({ address: a, diagnostic: '' }));

  // A notice that names nobody else still repeats the returned message's To line.
  const toLines = lines.filter((line) => /^\s*To\s*:/i.test(line)).join('\n');
  const to = [...toLines.matchAll(new RegExp(address, 'gu'))].map((m) => cleanAddress(m[1]!));
  return [...new Set(to)]
    .filter((a): a is string => a !== null && !ownAddresses.has(a))
    .map((a) => ({ address: a, diagnostic: '' }));
}

const sentByLine = /\b(?:sent by|sender|from)\s*:?\s*$/i;

function previousText(lines: string[], index: number): string {
  for (let j = index - 1; j >= 0; j -= 1) if (lines[j]!.trim() !== '') return lines[j]!;
  return '';
}

/** Collect the rest of a line and the lines after it that belong to the same recipient. */
function following(lines: string[], index: number, rest: string): string {
  const collected = rest.trim() === '' ? [] : [rest.trim()];
  for (let j = index + 1; j < lines.length && j <= index + 6; j += 1) {
    const next = lines[j]!;
    if (next.trim() === '' && collected.length > 0) break;
    if (next.trim() === '') continue;
    if (lineStartRule.test(next) || headerLike.test(next) || /^\s*-{3,}|^\s*={3,}|^\s*_{3,}/.test(next))
      break;
    collected.push(next.trim());
  }
  return collected.join(' ').slice(0, 1000);
}

function withoutPlumbing(recipients: TextRecipient[], ownAddresses: ReadonlySet<string>): TextRecipient[] {
  const notOwn = recipients.filter((r) => !ownAddresses.has(r.address));
  const pool = notOwn.length > 0 ? notOwn : recipients;
  const people = pool.filter((r) => !roleLocalParts.test(r.address.slice(0, r.address.lastIndexOf('@'))));
  return people.length > 0 ? people : pool;
}

/**
 * Indented local parts after a line such as "could not be delivered to the following
 * recipients:", completed with the reporting domain.
 */
function bareLocalParts(lines: string[], domain: string | null): TextRecipient[] {
  if (!domain) return [];
  const recipients: TextRecipient[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (!/\b(?:recipients?|addresses|users?)\b[^:]*:\s*$/i.test(lines[i]!)) continue;
    for (let j = i + 1; j < lines.length; j += 1) {
      const local = /^\s+([A-Za-z0-9][\w.+-]*)\s*$/.exec(lines[j]!);
      if (!local) break;
      const cleaned = cleanAddress(`${local[1]}@${domain}`);
      if (cleaned) recipients.push({ address: cleaned, diagnostic: lines[i]!.trim() });
    }
  }
  return recipients;
}
