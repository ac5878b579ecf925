/** The mail servers Lyre can name from their SMTP greeting or EHLO reply. */
export type MtaId =
  | 'lyre'
  | 'postfix'
  | 'sendmail'
  | 'exim'
  | 'opensmtpd'
  | 'exchange'
  | 'iis'
  | 'hmailserver'
  | 'qmail'
  | 'haraka'
  | 'unknown';

/**
 * The patterns that identify one server. `greeting` is tested against the 220 greeting text,
 * `ehlo` against the whole EHLO reply text, `keywords` against the EHLO extension
 * keywords joined by single spaces (for servers whose greeting names nothing). The first
 * entry with any match wins, so specific entries come before general ones.
 */
export interface Fingerprint {
  id: Exclude<MtaId, 'unknown'>;
  name: string;
  greeting?: RegExp;
  ehlo?: RegExp;
  keywords?: RegExp;
  /** Captures the version from the greeting or EHLO text, where the banner carries it. */
  version?: RegExp;
}

const VERSION = String.raw`(\d+\.\d+(?:\.\d+)*)`;

export const fingerprints: Fingerprint[] = [
  // Lyre's intake greets with "HOST ESMTP Lyre ESMTP ready" (smtp-server puts "HOST ESMTP"
  // in front of the banner). Matching "ESMTP Lyre" keeps a host named lyre.example from matching.
  { id: 'lyre', name: 'Lyre', greeting: /\bESMTP Lyre\b/, version: new RegExp(`\\bLyre ${VERSION}`) },
  // "HOST ESMTP Haraka 3.0.3 ready"; its EHLO reply contains "Haraka is at your service".
  {
    id: 'haraka',
    name: 'Haraka',
    greeting: /\bHaraka\b/,
    ehlo: /Haraka is at your service/,
    version: new RegExp(`Haraka[ /]${VERSION}`),
  },
  // The IIS SMTP service (also under Exchange 2003) puts "Version: 6.0.3790.4675" in its greeting.
  {
    id: 'iis',
    name: 'Microsoft IIS SMTP',
    greeting: /Microsoft ESMTP MAIL Service, Version:/,
    version: new RegExp(`Version: ${VERSION}`),
  },
  // Exchange 2007 and later: "Microsoft ESMTP MAIL Service ready at <date>", and its
  // own EHLO keywords, which remain when the greeting is customised.
  {
    id: 'exchange',
    name: 'Microsoft Exchange',
    greeting: /Microsoft (?:ESMTP|SMTP) MAIL/,
    keywords: /\b(?:X-ANONYMOUSTLS|XEXCH50|XRDST|XSHADOWREQUEST|X-EXPS)\b/,
  },
  // "HOST ESMTP Postfix", "(Debian/GNU)", or "(3.7.11)" when smtpd_banner shows $mail_version.
  { id: 'postfix', name: 'Postfix', greeting: /\bPostfix\b/, version: new RegExp(`Postfix[ (/v]+${VERSION}`) },
  // "HOST ESMTP Sendmail 8.17.1.9/8.17.1.9/Debian-2; <date>".
  { id: 'sendmail', name: 'sendmail', greeting: /\bSendmail\b/i, version: new RegExp(`Sendmail ${VERSION}`, 'i') },
  // "HOST ESMTP Exim 4.96 <date>".
  { id: 'exim', name: 'Exim', greeting: /\bExim\b/, version: new RegExp(`Exim ${VERSION}`) },
  // "HOST ESMTP OpenSMTPD".
  { id: 'opensmtpd', name: 'OpenSMTPD', greeting: /\bOpenSMTPD\b/, version: new RegExp(`OpenSMTPD ${VERSION}`) },
  // hMailServer greets with "HOST ESMTP" unless given a welcome message, but its EHLO
  // reply offers only SIZE, STARTTLS and AUTH, then HELP. Exim and OpenSMTPD end with
  // HELP too, after other keywords, and name themselves in their greeting.
  {
    id: 'hmailserver',
    name: 'hMailServer',
    greeting: /\bhMailServer\b/i,
    keywords: /^(?:SIZE )?(?:STARTTLS )?(?:AUTH )?HELP$/,
    version: new RegExp(`hMailServer ${VERSION}`, 'i'),
  },
  // qmail-smtpd greets with "HOST ESMTP" and offers only PIPELINING and 8BITMIME
  // (STARTTLS, AUTH and SIZE come from common patches).
  {
    id: 'qmail',
    name: 'qmail',
    greeting: /\b(?:net)?qmail\b/i,
    keywords: /^(?:(?:STARTTLS|AUTH|SIZE) )*PIPELINING 8BITMIME(?: (?:STARTTLS|AUTH|SIZE))*$/,
  },
];
