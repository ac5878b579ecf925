import { fingerprints, type Fingerprint, type MtaId } from './fingerprints.ts';
import type { SmtpReply } from './smtp-client.ts';

/** The software behind an SMTP server, as far as its greeting and EHLO reply tell. */
export interface MtaIdentity {
  id: MtaId;
  /** "Postfix", or "an unrecognised SMTP server". */
  name: string;
  version: string | null;
  /** What gave it away: the greeting, the EHLO reply, or nothing. */
  evidence: 'greeting' | 'ehlo' | 'none';
}

/** The extension keywords of an EHLO reply, upper-case, in the order offered: ["PIPELINING", "SIZE", ...]. */
export function ehloKeywords(ehlo: SmtpReply | null): string[] {
  if (!ehlo || ehlo.code !== 250) return [];
  return ehlo.lines
    .slice(1)
    .map((line) => line.trim().split(/[\s=]/, 1)[0]!.toUpperCase())
    .filter((keyword) => keyword !== '');
}

/** The parameters of one EHLO keyword ("SIZE 10240000" gives ["10240000"]), or null when it is not offered. */
export function ehloParams(ehlo: SmtpReply | null, keyword: string): string[] | null {
  if (!ehlo || ehlo.code !== 250) return null;
  for (const line of ehlo.lines.slice(1)) {
    const words = line.trim().split(/\s+/);
    if (words[0]?.toUpperCase() === keyword.toUpperCase()) return words.slice(1);
  }
  return null;
}

/** Name the software from the fingerprint table; the first matching entry wins. */
export function identifyMta(greeting: SmtpReply, ehlo: SmtpReply | null, table = fingerprints): MtaIdentity {
  const greetingText = greeting.lines.join('\n');
  const ehloText = ehlo ? ehlo.lines.join('\n') : '';
  const keywords = ehloKeywords(ehlo).join(' ');

  for (const entry of table) {
    const evidence = matchEvidence(entry, greetingText, ehloText, keywords);
    if (!evidence) continue;
    const version = entry.version?.exec(`${greetingText}\n${ehloText}`)?.[1] ?? null;
    return { id: entry.id, name: entry.name, version, evidence };
  }
  return { id: 'unknown', name: 'an unrecognised SMTP server', version: null, evidence: 'none' };
}

function matchEvidence(entry: Fingerprint, greeting: string, ehlo: string, keywords: string): 'greeting' | 'ehlo' | null {
  if (entry.greeting?.test(greeting)) return 'greeting';
  if (entry.ehlo?.test(ehlo)) return 'ehlo';
  if (keywords !== '' && entry.keywords?.test(keywords)) return 'ehlo';
  return null;
}

/** "Postfix 3.7.11", or "Postfix" when the banner gives no version. */
export function describeMta(identity: MtaIdentity): string {
  return identity.version ? `${identity.name} ${identity.version}` : identity.name;
}
