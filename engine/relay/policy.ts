import { domainToASCII } from 'node:url';

/**
 * Whether one recipient may be forwarded to the relocated MTA. The relocated MTA
 * usually trusts 127.0.0.1, so whatever Lyre forwards it will deliver anywhere: this
 * check is what keeps Lyre from being an open relay.
 */
export type RelayDecision =
  | { allowed: true; domain: string }
  | { allowed: false; code: 550; message: string; rule: string };

/** A recipient address taken apart, quote-aware, for the relay rules. */
export interface RecipientParts {
  /** The address as given, without angle brackets. */
  address: string;
  /** The local part as written, quotes included. */
  local: string;
  /** The local part without its quotes and backslash escapes. */
  localText: string;
  quoted: boolean;
  /** The domain as written. */
  domain: string;
  /** "@" signs outside quotes. */
  unquotedAts: number;
  sourceRoute: boolean;
  escaped: boolean;
}

/** One trick relay testers use, and the words the rejection gives for it. */
interface RelayRule {
  name: string;
  reason: string;
  matches(parts: RecipientParts): boolean;
}

/**
 * Characters that route mail onward inside a local part: "@" (a second address), "%"
 * (the percent hack, user%other.example@ours) and "!" (UUCP bang paths). Compared after
 * NFKC normalisation, so full-width look-alikes such as U+FF05 count as well.
 */
const ROUTING_CHARS = /[@%!]/;

/** The rules in the order they are checked; the first match rejects the recipient. */
export const relayRules: RelayRule[] = [
  {
    name: 'source-route',
    reason: 'source routes (@relay:user@domain) are not forwarded',
    matches: (p) => p.sourceRoute,
  },
  {
    name: 'multiple-at',
    reason: 'the address has more than one @',
    matches: (p) => p.unquotedAts > 1,
  },
  {
    name: 'quoted-routing',
    reason: 'the quoted local part contains @, % or !',
    matches: (p) => p.quoted && ROUTING_CHARS.test(p.localText.normalize('NFKC')),
  },
  {
    name: 'escaped-characters',
    reason: 'the local part contains backslash escapes',
    matches: (p) => p.escaped,
  },
  {
    name: 'percent-hack',
    reason: 'the local part contains % (the percent hack)',
    matches: (p) => !p.quoted && p.localText.normalize('NFKC').includes('%'),
  },
  {
    name: 'bang-path',
    reason: 'the local part contains ! (a UUCP bang path)',
    matches: (p) => !p.quoted && p.localText.normalize('NFKC').includes('!'),
  },
  {
    name: 'routing-lookalike',
    reason: 'the local part contains a character that normalises to @',
    matches: (p) => !p.quoted && p.localText.normalize('NFKC').includes('@'),
  },
  {
    name: 'ip-literal',
    reason: 'IP address literals ([192.0.2.1]) are not forwarded',
    matches: (p) => p.domain.startsWith('['),
  },
  {
    name: 'trailing-dot',
    reason: 'the domain ends with a dot',
    matches: (p) => p.domain.endsWith('.'),
  },
  {
    name: 'empty-part',
    reason: 'the local part or the domain is empty',
    matches: (p) => p.local === '' || p.domain === '',
  },
];

/** Parse "example.org, Example.NET" into lower-case ASCII domains, the form recipients are compared in. */
export function parseRelayDomains(text: string): Set<string> {
  const domains = new Set<string>();
  for (const item of text.split(',')) {
    const domain = normalizeDomain(item.trim());
    if (domain) domains.add(domain);
  }
  return domains;
}

/**
 * Decide whether `address` (as given in RCPT TO, with or without angle brackets) may
 * be forwarded: it must pass every rule and its domain must equal one of `domains`
 * exactly, case-insensitively and in ASCII form (subdomains do not count).
 */
export function checkRelayRecipient(address: string, domains: ReadonlySet<string>): RelayDecision {
  const parts = splitRecipient(address);
  const deny = (rule: string, reason: string): RelayDecision => ({
    allowed: false,
    code: 550,
    message: `5.7.1 relaying denied for <${parts.address}>: ${reason}`,
    rule,
  });

  for (const rule of relayRules) {
    if (rule.matches(parts)) return deny(rule.name, rule.reason);
  }
  const domain = normalizeDomain(parts.domain);
  if (!domain) return deny('invalid-domain', `"${parts.domain}" is not a valid domain`);
  if (!domains.has(domain)) return deny('foreign-domain', `${domain} is not a domain this server forwards for`);
  return { allowed: true, domain };
}

/** Lower-case ASCII (punycode) form of a host name, or null when it is not a valid one. */
export function normalizeDomain(text: string): string | null {
  if (text === '' || /[\s@%!"\\[\]<>()]/.test(text)) return null;
  const ascii = domainToASCII(text.normalize('NFKC').toLowerCase());
  if (ascii === '' || ascii.length > 253) return null;
  const labels = ascii.split('.');
  const valid = labels.every((label) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(label));
  return valid ? ascii : null;
}

/** Take an address apart at the last "@" outside quotes, noting the tricks the rules look for. */
export function splitRecipient(raw: string): RecipientParts {
  let address = raw.trim();
  if (address.startsWith('<') && address.endsWith('>')) address = address.slice(1, -1).trim();

  // RFC 5321 4.1.2: a source route is "@host,@host:" in front of the mailbox.
  const sourceRoute = /^@[^:]*:/.test(address);
  const mailbox = sourceRoute ? address.slice(address.indexOf(':') + 1) : address;

  let inQuotes = false;
  let escaped = false;
  let unquotedAts = 0;
  let lastAt = -1;
  let localText = '';
  for (let i = 0; i < mailbox.length; i++) {
    const char = mailbox[i]!;
    if (char === '\\') {
      escaped = true;
      localText += mailbox[i + 1] ?? '';
      i++;
      continue;
    }
    if (char === '"') {
      inQuotes = !inQuotes;
      continue;
    }
    if (char === '@' && !inQuotes) {
      unquotedAts++;
      lastAt = i;
    }
    localText += char;
  }

  const local = lastAt === -1 ? mailbox : mailbox.slice(0, lastAt);
  const domain = lastAt === -1 ? '' : mailbox.slice(lastAt + 1);
  const quoted = local.startsWith('"');
  // localText collected the whole mailbox without quotes and escapes; keep the local part of it.
  const unescapedLocal = lastAt === -1 ? localText : localText.slice(0, localText.length - domain.length - 1);

  return {
    address,
    local,
    localText: unescapedLocal,
    quoted: quoted || local.includes('"'),
    domain,
    unquotedAts,
    sourceRoute,
    escaped,
  };
}
