import SMTPConnection from 'nodemailer/lib/smtp-connection';

import type { Target } from './mx.ts';
import { outcomeKind, type OutboundSession, type SendOutcome } from './outcome.ts';

export interface ConnectOptions {
  heloName: string;
  timeoutMs: number;
  /** 'opportunistic' upgrades when offered; 'required' fails without STARTTLS; 'implicit' is TLS from the start. */
  tls: 'opportunistic' | 'required' | 'implicit' | 'none';
  /** Verify the server certificate; MX delivery encrypts opportunistically without verifying, as MTAs do. */
  verifyCertificate: boolean;
  auth?: { user: string; pass: string };
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** The reply of a failure in the words the delivery log shows: the server's text, or what went wrong. */
function describe(error: NodemailerError): { code: number | null; reply: string } {
  if (error.response) return { code: error.responseCode ?? null, reply: error.response.replace(/\s+/g, ' ').trim() };
  return { code: error.responseCode ?? null, reply: `${error.code ?? 'ERROR'}: ${error.message}` };
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

function connectOne(target: Target, options: ConnectOptions): Promise<{ session: OutboundSession } | { failure: SendOutcome }> {
  const connection = new SMTPConnection({
    host: target.ip,
    port: target.port,
    servername: /^[\d.:]+$/.test(target.host) ? undefined : target.host,
    name: options.heloName,
    secure: options.tls === 'implicit',
    requireTLS: options.tls === 'required',
    ignoreTLS: options.tls === 'none',
    opportunisticTLS: options.tls === 'opportunistic',
    connectionTimeout: Math.min(options.timeoutMs, 30_000),
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    socketCloseTimeout: 0,
    tls: { rejectUnauthorized: options.verifyCertificate },
    logger: false,
    allowInternalNetworkInterfaces: true,
  });
  const remoteHost = `${target.host}[${target.ip}]:${target.port}`;

  return new Promise((resolve) => {
    let settled = false;
    const fail = (error: NodemailerError) => {
      if (settled) return;
      settled = true;
      connection.close();
      const { code, reply } = describe(error);
      resolve({ failure: { kind: 'temporary', remoteHost, replyCode: code, reply, command: 'CONN' } });
    };
    connection.once('error', fail);
    connection.connect(() => {
      if (!options.auth) {
        settled = true;
        connection.removeListener('error', fail);
        resolve({ session: new SmtpSession(connection, remoteHost) });
        return;
      }
      connection.login({ user: options.auth.user, pass: options.auth.pass }, (error) => {
        if (error) return fail(error as NodemailerError);
        settled = true;
        connection.removeListener('error', fail);
        resolve({ session: new SmtpSession(connection, remoteHost) });
      });
    });
  });
}

class SmtpSession implements OutboundSession {
  #usable = true;

  constructor(
    private readonly connection: SMTPConnection,
    readonly remoteHost: string,
  ) {
    connection.on('error', () => {
      this.#usable = false;
    });
    connection.on('end', () => {
      this.#usable = false;
    });
  }

  get usable(): boolean {
    return this.#usable && !this.connection.destroyed;
  }

  send(envelope: { from: string; to: string }, chunks: Buffer[]): Promise<SendOutcome> {
    return new Promise((resolve) => {
      // One buffer goes through nodemailer's dot-stuffing in one pass and to the socket in one write.
      const message = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      this.connection.send({ from: envelope.from, to: [envelope.to] }, message, (error, info) => {
        if (!error && info) {
          resolve({
            kind: 'delivered',
            remoteHost: this.remoteHost,
            replyCode: Number(info.response.slice(0, 3)) || 250,
            reply: info.response.trim(),
          });
          return;
        }
        const failure = (info?.rejectedErrors?.[0] ?? error) as NodemailerError;
        const { code, reply } = describe(failure);
        const kind = failure.responseCode ? outcomeKind(failure.responseCode) : 'temporary';
        if (!failure.responseCode || code === 421) this.#usable = false;
        const outcome: SendOutcome = { kind, remoteHost: this.remoteHost, replyCode: code, reply, command: failure.command };
        if (!this.usable) return resolve(outcome);
        // The next MAIL FROM may go out only after RSET has closed this transaction.
        this.connection.reset((resetError) => {
          if (resetError) this.#usable = false;
          resolve(outcome);
        });
      });
    });
  }

  close(): Promise<void> {
    this.#usable = false;
    return new Promise((resolve) => {
      if (this.connection.destroyed) return resolve();
      this.connection.once('end', () => resolve());
      this.connection.quit();
      setTimeout(() => {
        this.connection.close();
        resolve();
      }, 2000).unref();
    });
  }
}
