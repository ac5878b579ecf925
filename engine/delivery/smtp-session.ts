import type { Target } from './mx.ts';
import { outcomeKind, type OutboundSession, type SendOutcome } from './outcome.ts';
import { SmtpClient, SmtpFailure } from './smtp-client.ts';

export interface ConnectOptions {
  heloName: string;
  timeoutMs: number;
  /** 'opportunistic' upgrades when offered; 'required' fails without STARTTLS; 'implicit' is TLS from the start. */
  tls: 'opportunistic' | 'required' | 'implicit' | 'none';
  /** Verify the server certificate; MX delivery encrypts opportunistically without verifying, as MTAs do. */
  verifyCertificate: boolean;
  auth?: { user: string; pass: string };
}

/** Describe a failure in the words the delivery log shows: the server's reply, or what went wrong. */
function describe(error: unknown): { code: number | null; reply: string } {
  if (error instanceof SmtpFailure && error.reply) {
    return { code: error.reply.code, reply: error.reply.text.replace(/\s+/g, ' ').trim() };
  }
  const failure = error as NodeJS.ErrnoException;
  return { code: null, reply: `${failure.code ?? 'ERROR'}: ${failure.message}` };
}

/** Open a connection to the first target that answers, trying the rest in order. */
export async function openSmtpSession(
  targets: Target[],
  options: ConnectOptions,
): Promise<{ session: OutboundSession } | { failure: SendOutcome }> {
  let last: SendOutcome = { kind: 'temporary', remoteHost: null, replyCode: null, reply: 'no mail host to try', command: 'CONN' };
  for (const target of targets) {
    const result = await connectOne(target, options);
    if ('session' in result) return result;
    last = result.failure;
    // A 5xx greeting from one MX is still worth trying the next (RFC 5321 5.1);
    // only when every host refuses does the failure stand.
  }
  return { failure: last };
}

async function connectOne(target: Target, options: ConnectOptions): Promise<{ session: OutboundSession } | { failure: SendOutcome }> {
  const remoteHost = `${target.host}[${target.ip}]:${target.port}`;
  try {
    const client = await SmtpClient.open({
      ip: target.ip,
      port: target.port,
      servername: /^[\d.:]+$/.test(target.host) ? undefined : target.host,
      heloName: options.heloName,
      timeoutMs: options.timeoutMs,
      tls: options.tls,
      verifyCertificate: options.verifyCertificate,
      auth: options.auth,
    });
    return { session: new SmtpSession(client, remoteHost, `${target.ip}:${target.port}`) };
  } catch (error) {
    const { code, reply } = describe(error);
    return { failure: { kind: 'temporary', remoteHost, replyCode: code, reply, command: 'CONN' } };
  }
}

class SmtpSession implements OutboundSession {
  #usable = true;

  constructor(
    private readonly client: SmtpClient,
    readonly remoteHost: string,
    readonly endpoint: string,
  ) {}

  get usable(): boolean {
    return this.#usable && this.client.usable;
  }

  get canSendAhead(): boolean {
    return this.client.hasExtension('PIPELINING');
  }

  abandonAhead(): void {
    this.client.abandonAhead();
  }

  async send(envelope: { from: string; to: string }, chunks: Buffer[], next?: { from: string; to: string }): Promise<SendOutcome> {
    try {
      const reply = await this.client.send(envelope.from, envelope.to, chunks, next);
      return { kind: 'delivered', remoteHost: this.remoteHost, replyCode: reply.code, reply: reply.text.trim() };
    } catch (error) {
      const { code, reply } = describe(error);
      const command = error instanceof SmtpFailure ? error.command : undefined;
      const outcome: SendOutcome = { kind: outcomeKind(code), remoteHost: this.remoteHost, replyCode: code, reply, command };
      if (code === null || code === 421) this.#usable = false;
      // A refused message ends its transaction, and the envelope sent ahead is already the next one.
      if (!this.usable || (error instanceof SmtpFailure && error.code === 'EMESSAGE')) return outcome;
      // The next MAIL FROM may go out only after RSET has closed this transaction.
      try {
        await this.client.reset();
      } catch {
        this.#usable = false;
      }
      return outcome;
    }
  }

  async close(): Promise<void> {
    this.#usable = false;
    await this.client.quit();
  }
}
