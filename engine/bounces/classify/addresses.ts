import { splitAddress } from '../../mail/address.ts';

// An address as reports write it: no spaces, brackets or quotes in the local part, and a
// dotted domain of letters, digits and hyphens (IDNs included).
const local = String.raw`[^\s<>()[\]"',;:@=\\/]+`;
const label = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?`;
export const addressSource = String.raw`${local}@${label}(?:\.${label})+`;

/** Every address in a text, lowercased, in order, without duplicates. */
export function findAddresses(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(new RegExp(addressSource, 'gu'))) {
    const address = cleanAddress(match[0]);
    if (address) found.add(address);
  }
  return [...found];
}

/** The address a report wrote, lowercased and checked, or null when it is not one. */
export function cleanAddress(raw: string): string | null {
  const text = raw
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^[<"'(]+|[>"').,;:]+$/g, '')
    .toLowerCase();
  if (!text.includes('@')) return null;
  const split = splitAddress(text);
  if (!split) return null;
  // A top-level domain is letters (or an ACE label), never only digits.
  const tld = split.domain.slice(split.domain.lastIndexOf('.') + 1);
  if (!/^(?:[\p{L}]{2,}|xn--[a-z0-9-]+)$/u.test(tld)) return null;
  return `${split.local}@${split.domain}`;
}

/** The address in a DSN recipient field: "rfc822; user@example.org" (RFC 3464 2.3.2). */
export function addressFromField(value: string | undefined): string | null {
  if (!value) return null;
  const typed = /^\s*[\w.-]+\s*;\s*(.*)$/s.exec(value);
  const rest = typed ? typed[1]! : value;
  const direct = cleanAddress(rest.split(/\s/)[0] ?? '');
  if (direct) return direct;
  return findAddresses(rest)[0] ?? null;
}
