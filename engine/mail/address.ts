import { domainToASCII } from 'node:url';

/** An address split at its last "@": the local part as written and the domain lowercased. */
export interface Address {
  local: string;
  domain: string;
}

/**
 * Split an address, or return null when it is not one Lyre can store: a local part
 * and a domain, no spaces or angle brackets, at most 254 octets (RFC 5321 4.5.3.1.3).
 */
export function splitAddress(raw: string): Address | null {
  const text = raw.trim();
  if (text.length === 0 || Buffer.byteLength(text) > 254) return null;
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return null;

  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  if (/[\s<>()[\],;:\\]/.test(domain) || domain.startsWith('.') || domain.endsWith('.')) return null;
  if (!domain.includes('.') && domain !== 'localhost') return null;
  if (/[\s<>]/.test(local) || (/["\\]/.test(local) && !/^".*"$/.test(local))) return null;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  if (domainToASCII(domain) === '') return null;
  return { local, domain };
}

/**
 * The key two addresses are compared by: the local part exactly, the domain
 * case-insensitively and in its ASCII (punycode) form, so an IDN and its ACE match.
 */
export function addressKey(raw: string): string | null {
  const address = splitAddress(raw);
  if (!address) return null;
  return `${address.local}@${domainToASCII(address.domain)}`;
}

/** The domain to deliver to, in ASCII form for DNS. */
export function deliveryDomain(raw: string): string {
  const at = raw.lastIndexOf('@');
  return domainToASCII(raw.slice(at + 1).toLowerCase()) || raw.slice(at + 1).toLowerCase();
}
