import { ehloKeywords, ehloParams, identifyMta, type MtaIdentity } from './identify.ts';
import { formatReply, SmtpClient, SmtpClientError, type SmtpReply } from './smtp-client.ts';
import { formatHostPort, type HostPort } from './target.ts';

/** An open, greeted connection to the relocated MTA. */
export interface Upstream {
  client: SmtpClient;
  target: HostPort;
  ehlo: SmtpReply;
  /** EHLO keywords, upper-case. */
  extensions: string[];
  /** The attributes listed after XFORWARD, or none when it is not offered. */
  xforward: string[];
  software: MtaIdentity;
}

export interface UpstreamTimeouts {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

/**
 * The relocated MTA could not be used: the reply the inbound client gets for it, and
 * the cause in words for the log and the relay status.
 */
export class UpstreamFailure extends Error {
  constructor(
    readonly code: number,
    readonly reply: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'UpstreamFailure';
  }
}

/** Turn a client error while talking to the relocated MTA into the temporary reply the sender gets (RFC 3463 X.4.1, X.4.2). */
export function upstreamFailure(error: unknown, where: string, step: string): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Client errors already name the host ("Connecting to X failed: ..."); keep only the cause.
  const detail = message.replace(/^\w+ (?:to|at) \S+ failed: /, '');
  const code = error instanceof SmtpClientError ? error.code : 'ERROR';
  const status = code === 'ECONNREFUSED' || code === 'ETIMEDOUT' ? '4.4.1' : '4.4.2';
  return new UpstreamFailure(
    451,
    `${status} the mail server this address is forwarded to is unavailable (${code}), try again later`,
    `${step} at ${where} failed: ${detail}`,
  );
}

/**
 * Connect to the relocated MTA, read its greeting and send EHLO (HELO when EHLO is
 * rejected). Throws UpstreamFailure with a 4xx reply when it is down, turns clients
 * away, or turns out to be Lyre itself, which would loop mail forever.
 */
export async function openUpstream(target: HostPort, heloName: string, timeouts: UpstreamTimeouts): Promise<Upstream> {
  const where = formatHostPort(target);
  let client: SmtpClient;
  try {
    client = await SmtpClient.connect(target.host, target.port, timeouts.connectTimeoutMs);
  } catch (error) {
    throw upstreamFailure(error, where, 'Connecting');
  }

  try {
    const greeting = await client.readReply(timeouts.commandTimeoutMs, { command: 'greeting' });
    if (greeting.code !== 220) {
      throw new UpstreamFailure(
        451,
        '4.4.1 the mail server this address is forwarded to turned the connection away, try again later',
        `${where} greeted with ${formatReply(greeting)}`,
      );
    }
    if (identifyMta(greeting, null).id === 'lyre') {
      throw new UpstreamFailure(
        451,
        '4.4.6 forwarding is misconfigured (mail loop), try again later',
        `relay.host ${where} is Lyre itself; set it to the address the machine's own mail server was moved to`,
      );
    }

    let ehlo = await client.command(`EHLO ${heloName}`, timeouts.commandTimeoutMs);
    if (ehlo.code >= 500) ehlo = await client.command(`HELO ${heloName}`, timeouts.commandTimeoutMs);
    if (ehlo.code !== 250) {
      throw new UpstreamFailure(
        451,
        '4.4.1 the mail server this address is forwarded to rejected the connection, try again later',
        `${where} replied to EHLO with ${formatReply(ehlo)}`,
      );
    }
    return {
      client,
      target,
      ehlo,
      extensions: ehloKeywords(ehlo),
      xforward: ehloParams(ehlo, 'XFORWARD') ?? [],
      software: identifyMta(greeting, ehlo),
    };
  } catch (error) {
    client.destroy();
    throw upstreamFailure(error, where, 'Greeting');
  }
}
