import { isIP } from 'node:net';

import { xtext } from './envelope-params.ts';

/** What Lyre knows about the client that sent a message, for XFORWARD and the Received line. */
export interface ClientFacts {
  /** The client's IP address. */
  address: string;
  /** Its reverse-DNS name, or null when unknown. */
  hostname: string | null;
  /** The name it gave in HELO or EHLO, or null. */
  helo: string | null;
  /** "ESMTP" when it said EHLO, "SMTP" for HELO. */
  protocol: 'SMTP' | 'ESMTP';
}

/** The session fields of smtp-server that ClientFacts are read from. */
export interface InboundSession {
  id: string;
  remoteAddress: string;
  clientHostname: string | false;
  hostNameAppearsAs: string | false;
  transmissionType: string;
}

/** Read ClientFacts from an smtp-server session; "[ip]" as clientHostname means no reverse-DNS name. */
export function clientFacts(session: InboundSession): ClientFacts {
  const address = session.remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const hostname = session.clientHostname && !session.clientHostname.startsWith('[') ? session.clientHostname : null;
  return {
    address,
    hostname,
    helo: session.hostNameAppearsAs || null,
    protocol: session.transmissionType.toUpperCase().startsWith('ESMTP') ? 'ESMTP' : 'SMTP',
  };
}

/** Postfix rejects XFORWARD lines longer than this (the SMTP command line limit, RFC 5321 4.5.3.1.4). */
const MAX_LINE = 500;

const UNAVAILABLE = '[UNAVAILABLE]';

/**
 * The XFORWARD commands that tell the relocated MTA who the original client was
 * (Postfix XFORWARD_README): ADDR, NAME, HELO and PROTO, each only when the server
 * lists it after XFORWARD in its EHLO reply. Attributes are split over several
 * commands when one line would be too long.
 */
export function xforwardCommands(facts: ClientFacts, offered: readonly string[]): string[] {
  const wanted = new Set(offered.map((name) => name.toUpperCase()));
  const attributes: string[] = [];
  const add = (name: string, value: string | null) => {
    if (wanted.has(name)) attributes.push(`${name}=${value === null ? UNAVAILABLE : xtext(value)}`);
  };
  add('ADDR', isIP(facts.address) === 6 ? `IPV6:${facts.address}` : facts.address || null);
  add('NAME', facts.hostname);
  add('HELO', facts.helo);
  add('PROTO', facts.protocol);

  const commands: string[] = [];
  let line = 'XFORWARD';
  for (const attribute of attributes) {
    if (line !== 'XFORWARD' && line.length + 1 + attribute.length > MAX_LINE) {
      commands.push(line);
      line = 'XFORWARD';
    }
    line += ` ${attribute}`;
  }
  if (line !== 'XFORWARD') commands.push(line);
  return commands;
}
