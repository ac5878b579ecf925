import type { ClientFacts } from './xforward.ts';

export interface ReceivedOptions {
  client: ClientFacts;
  /** Lyre's host name, as in its greeting. */
  hostname: string;
  /** The inbound SMTP session id. */
  id: string;
  /** smtp-server's transmissionType: ESMTP, ESMTPS, ESMTPSA, ... (RFC 3848). */
  protocol: string;
  /** Named in a "for" clause only when the message has exactly one recipient (RFC 5321 4.4). */
  recipients: string[];
  date?: Date;
}

/**
 * Build the Received header line Lyre adds to a forwarded message (RFC 5321 4.4),
 * folded like Postfix's and ending with CRLF:
 *
 *   Received: from helo.example (client.example [192.0.2.7])
 *   \tby lists.example.org (Lyre) with ESMTP id 4f2a...
 *   \tfor <user@example.org>; Fri, 04 Dec 2026 16:03:05 +0000
 */
export function buildReceivedLine(options: ReceivedOptions): string {
  const { client } = options;
  const helo = clean(client.helo ?? 'unknown');
  const literal = client.address.includes(':') ? `IPv6:${client.address}` : client.address;
  const tcpInfo = `${clean(client.hostname ?? 'unknown')} [${literal}]`;
  const recipient = options.recipients.length === 1 ? `\r\n\tfor <${clean(options.recipients[0]!)}>` : '';

  return (
    `Received: from ${helo} (${tcpInfo})\r\n` +
    `\tby ${clean(options.hostname)} (Lyre) with ${clean(options.protocol)} id ${clean(options.id)}` +
    `${recipient}; ${rfc5322Date(options.date ?? new Date())}\r\n`
  );
}

/** Keep a value from ending the header or the comment it sits in. */
function clean(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    out += code < 0x20 || code === 0x7f || '()<>;\\'.includes(char) ? '?' : char;
  }
  return out;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Fri, 04 Dec 2026 16:03:05 +0000" (RFC 5322 3.3), in UTC. */
export function rfc5322Date(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${time} +0000`;
}
