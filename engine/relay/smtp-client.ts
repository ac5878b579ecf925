import { connect, type Socket } from 'node:net';

import { dotStuff } from './dot-stuff.ts';

/*
 * A small SMTP client for the relay, written here rather than taken from nodemailer.
 * Forwarding must reply to each inbound RCPT TO with the relocated MTA's own reply to
 * that recipient, while the sender waits, and must pass MAIL FROM parameters through
 * unchanged. nodemailer's SMTPConnection sends MAIL and every RCPT inside one send()
 * call and builds MAIL parameters from its own envelope options; reaching its
 * per-command steps means calling private methods that may change in any release.
 * The npm packages that expose SMTP step by step are unmaintained. The dialogue needed
 * here is short (greeting, EHLO, XFORWARD, MAIL, RCPT, DATA, RSET, QUIT), and this
 * client is tested against a real Postfix and smtp-server on loopback.
 */

/** One SMTP reply: its code and the text of each line, without the code and separator. */
export interface SmtpReply {
  code: number;
  lines: string[];
}

/** Format a reply as one line of text: "550 5.1.1 <a@b>: User unknown". */
export function formatReply(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines.join(' ').trim()}`.trim();
}

/**
 * A failed SMTP dialogue. `code` is the Node socket error code (ECONNREFUSED, ECONNRESET,
 * EHOSTUNREACH, ...) or one of ETIMEDOUT (no reply in time), EPROTOCOL (the peer does not
 * speak SMTP) and ECONNECTION (the peer closed the connection).
 */
export class SmtpClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The command that was waiting for a reply, if any. */
    readonly command?: string,
    /** The first line the peer sent that is not SMTP, for EPROTOCOL. */
    readonly received?: string,
  ) {
    super(message);
    this.name = 'SmtpClientError';
  }
}

export interface ReadOptions {
  /** The command whose reply this is ("EHLO", "end of DATA"), or "greeting"; named in errors. */
  command?: string;
  /** Keep the connection open after a timeout; by default a timeout closes it. */
  keepOpenOnTimeout?: boolean;
}

interface Waiter {
  resolve: (reply: SmtpReply) => void;
  reject: (error: SmtpClientError) => void;
  timer: NodeJS.Timeout;
}

/** Maximum line length accepted from the peer, in bytes; RFC 5321 4.5.3.1.5 allows 512 for replies. */
const MAX_LINE_BYTES = 8192;

/** Command names used in error messages, for verbs that take an argument. */
const commandNames: Record<string, string> = { MAIL: 'MAIL FROM', RCPT: 'RCPT TO' };

/** One SMTP connection driven one command at a time (no pipelining). */
export class SmtpClient {
  readonly #socket: Socket;
  readonly #label: string;
  #pending: Buffer = Buffer.alloc(0);
  #partial: SmtpReply | null = null;
  readonly #replies: SmtpReply[] = [];
  #waiter: Waiter | null = null;
  #failure: SmtpClientError | null = null;

  private constructor(socket: Socket, label: string) {
    this.#socket = socket;
    this.#label = label;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#fail(new SmtpClientError(error.code ?? 'ECONNECTION', `Connection to ${label} failed: ${error.message}`));
    });
    socket.on('close', () => {
      this.#fail(new SmtpClientError('ECONNECTION', `${label} closed the connection`));
    });
  }

  /** Open a TCP connection; rejects with SmtpClientError when it is refused or times out. */
  static connect(host: string, port: number, timeoutMs: number): Promise<SmtpClient> {
    const label = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new SmtpClientError('ETIMEDOUT', `Connecting to ${label} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const onError = (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new SmtpClientError(error.code ?? 'ECONNECTION', `Connecting to ${label} failed: ${error.message}`));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeListener('error', onError);
        socket.setNoDelay(true);
        resolve(new SmtpClient(socket, label));
      });
    });
  }

  get label(): string {
    return this.#label;
  }

  get closed(): boolean {
    return this.#failure !== null;
  }

  /** Wait for the next complete reply. */
  readReply(timeoutMs: number, options: ReadOptions = {}): Promise<SmtpReply> {
    const queued = this.#replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#failure) return Promise.reject(this.#failure);

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        let what = 'reply';
        if (options.command === 'greeting') what = 'greeting';
        else if (options.command) what = `reply to ${options.command}`;
        const error = new SmtpClientError(
          'ETIMEDOUT',
          `${this.#label} sent no ${what} within ${timeoutMs} ms`,
          options.command,
        );
        if (!options.keepOpenOnTimeout) {
          this.#fail(error);
          this.#socket.destroy();
        }
        reject(error);
      }, timeoutMs);
      this.#waiter = { resolve, reject, timer };
    });
  }

  /** Send one command line and wait for its reply. */
  async command(line: string, timeoutMs: number): Promise<SmtpReply> {
    const verb = line.split(' ', 1)[0]!.toUpperCase();
    const command = commandNames[verb] ?? verb;
    await this.write(`${line}\r\n`);
    return this.readReply(timeoutMs, { command });
  }

  /** Send the message after a 354 reply: header lines first, then the body, dot-stuffed, then the terminator. */
  async sendMessage(parts: Buffer[], timeoutMs: number): Promise<SmtpReply> {
    await this.write(dotStuff(Buffer.concat(parts)));
    await this.write('.\r\n');
    return this.readReply(timeoutMs, { command: 'end of DATA' });
  }

  /** Write raw bytes, waiting for the socket to drain. */
  write(data: string | Buffer): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#socket.write(data, (error) => {
        if (error) reject(new SmtpClientError('ECONNECTION', `Writing to ${this.#label} failed: ${error.message}`));
        else resolve();
      });
    });
  }

  /** Send QUIT and close, waiting at most `timeoutMs` for the reply. Errors are swallowed, because the connection closes either way. */
  async quit(timeoutMs = 2000): Promise<void> {
    if (!this.#failure) {
      try {
        await this.command('QUIT', timeoutMs);
      } catch {
        // The connection is closed below either way.
      }
    }
    this.destroy();
  }

  destroy(): void {
    this.#fail(new SmtpClientError('ECONNECTION', `Connection to ${this.#label} was closed by Lyre`));
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    let newline = this.#pending.indexOf(0x0a);
    while (newline !== -1 && !this.#failure) {
      const line = this.#pending.subarray(0, newline).toString('utf8').replace(/\r$/, '');
      this.#pending = this.#pending.subarray(newline + 1);
      this.#onLine(line);
      newline = this.#pending.indexOf(0x0a);
    }
    if (this.#pending.length > MAX_LINE_BYTES && !this.#failure) {
      this.#protocolError(this.#pending.subarray(0, 120).toString('latin1'), 'sent a line longer than 8192 bytes');
    }
  }

  #onLine(line: string): void {
    const match = /^([2-5]\d\d)(?:([ -])(.*))?$/.exec(line);
    if (!match) {
      this.#protocolError(line, 'does not speak SMTP');
      return;
    }
    const code = Number(match[1]);
    const text = match[3] ?? '';
    if (this.#partial) this.#partial.lines.push(text);
    else this.#partial = { code, lines: [text] };
    if (match[2] === '-') return;

    const reply = this.#partial;
    this.#partial = null;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = null;
      clearTimeout(waiter.timer);
      waiter.resolve(reply);
    } else {
      this.#replies.push(reply);
    }
  }

  #protocolError(line: string, what: string): void {
    const shown = line.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
    const error = new SmtpClientError('EPROTOCOL', `${this.#label} ${what}: it sent "${shown}"`, undefined, shown);
    this.#fail(error);
    this.#socket.destroy();
  }

  #fail(error: SmtpClientError): void {
    if (this.#failure) return;
    this.#failure = error;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = null;
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
