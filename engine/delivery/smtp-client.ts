import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

import { encodeData } from './data-encoding.ts';

/*
 * The outbound SMTP client: one connection that sends many messages, each as one
 * pipelined write of MAIL, RCPT and DATA (RFC 2920) and one write of the message.
 * It replaced nodemailer's SMTPConnection on this path because a fan-out sends
 * thousands of copies per second. Per message, SMTPConnection made a Transform
 * stream, ran a JavaScript loop over every byte to dot-stuff, and wrote to the socket
 * three times, which cost more CPU time than the rest of the engine together. Here a
 * post's shared parts are dot-stuffed once (see data-encoding.ts).
 */

/** A complete reply: its code and its lines as sent, joined with "\n". */
export interface SmtpReply {
  code: number;
  text: string;
}

/**
 * A failed step. `code` names the kind: ECONNECTION (refused, reset or closed),
 * ETIMEDOUT, ETLS, EAUTH, EPROTOCOL (not SMTP), EENVELOPE (MAIL, RCPT or DATA
 * refused), EMESSAGE (the message refused after DATA), or a Node socket error code.
 */
export class SmtpFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The step that failed: CONN, EHLO, HELO, STARTTLS, AUTH PLAIN, AUTH LOGIN, MAIL FROM, RCPT TO, DATA, RSET, or API for an invalid address. */
    readonly command: string,
    readonly reply: SmtpReply | null = null,
  ) {
    super(reply ? `${message}: ${reply.text}` : message);
    this.name = 'SmtpFailure';
  }
}

export interface SmtpClientOptions {
  /** The address to connect to. */
  ip: string;
  port: number;
  /** The host name for TLS server name indication, or undefined for an IP literal. */
  servername: string | undefined;
  heloName: string;
  /** Milliseconds to wait for each reply; connecting waits at most 30 s of it. */
  timeoutMs: number;
  tls: 'opportunistic' | 'required' | 'implicit' | 'none';
  verifyCertificate: boolean;
  auth?: { user: string; pass: string };
}

interface Waiter {
  command: string;
  resolve: (reply: SmtpReply) => void;
  reject: (error: SmtpFailure) => void;
}

/** Replies longer than this are a protocol error, so a broken peer cannot fill memory. */
const maxReplyChars = 64 * 1024;

export class SmtpClient {
  #socket: Socket;
  #buffer = '';
  #lines: string[] = [];
  readonly #waiters: Waiter[] = [];
  #failure: SmtpFailure | null = null;
  #extensions = new Set<string>();
  #authMechanisms: string[] = [];
  #secure: boolean;
  /** The envelope written ahead of its message, keyed by its MAIL and RCPT lines. */
  #ahead: { key: string; replies: Promise<[SmtpReply, SmtpReply, SmtpReply]> } | null = null;

  private constructor(socket: Socket, secure: boolean) {
    this.#socket = socket;
    this.#secure = secure;
    this.#attach(socket);
  }

  /** Connect, read the greeting, say EHLO, upgrade with STARTTLS and log in as the options ask. */
  static async open(options: SmtpClientOptions): Promise<SmtpClient> {
    const socket = await connectSocket(options);
    const client = new SmtpClient(socket, options.tls === 'implicit');
    try {
      await client.#handshake(options);
      return client;
    } catch (error) {
      client.destroy();
      throw error;
    }
  }

  /** Whether another message may be sent: the connection is open and in step. */
  get usable(): boolean {
    return this.#failure === null && !this.#socket.destroyed;
  }

  get secure(): boolean {
    return this.#secure;
  }

  hasExtension(name: string): boolean {
    return this.#extensions.has(name);
  }

  /**
   * Send one message to one recipient and return the server's reply to its end.
   * With PIPELINING and a `next` envelope, that envelope (MAIL, RCPT, DATA) goes out
   * in the same write as this message's data, as RFC 2920 3.1 allows, so the next
   * send waits for no round trip before its data. No message can be accepted from it
   * until that send writes its data, so sending it early delivers nothing twice.
   * Throws SmtpFailure with the refusing reply or the connection error.
   */
  async send(from: string, to: string, chunks: Buffer[], next?: { from: string; to: string }): Promise<SmtpReply> {
    const commands = this.#envelopeCommands(from, to);
    let replies: [SmtpReply, SmtpReply, SmtpReply];
    const ahead = this.#ahead;
    this.#ahead = null;
    if (ahead) {
      if (ahead.key !== `${commands.mail}\n${commands.rcpt}`) {
        this.destroy();
        throw new SmtpFailure('EPROTOCOL', 'The envelope sent ahead is not the one being sent', 'API');
      }
      replies = await ahead.replies;
    } else if (this.#extensions.has('PIPELINING')) {
      const pending = this.#readEnvelope();
      this.#write(`${commands.mail}\r\n${commands.rcpt}\r\nDATA\r\n`);
      replies = await pending;
    } else {
      const mailReply = await this.#command(commands.mail, 'MAIL FROM');
      if (mailReply.code >= 300) throw new SmtpFailure('EENVELOPE', 'Mail command failed', 'MAIL FROM', mailReply);
      const rcptReply = await this.#command(commands.rcpt, 'RCPT TO');
      if (rcptReply.code >= 300) throw new SmtpFailure('EENVELOPE', 'Recipient command failed', 'RCPT TO', rcptReply);
      replies = [mailReply, rcptReply, await this.#command('DATA', 'DATA')];
    }
    await this.#checkEnvelope(replies);

    const data = encodeData(chunks);
    const final = this.#read('DATA');
    this.#socket.cork();
    for (const part of data) this.#socket.write(part);
    if (next && this.#extensions.has('PIPELINING')) this.#sendAhead(this.#envelopeCommands(next.from, next.to));
    this.#socket.uncork();
    const reply = await final;
    if (reply.code >= 300) throw new SmtpFailure('EMESSAGE', 'Message failed', 'DATA', reply);
    return reply;
  }

  /** Whether an envelope was sent ahead and waits for its send. */
  get hasEnvelopeAhead(): boolean {
    return this.#ahead !== null;
  }

  /**
   * Give up an envelope sent ahead. The connection closes, because a server that may
   * have answered its DATA with 354 can only be stopped without a message that way.
   */
  abandonAhead(): void {
    if (this.#ahead) this.destroy();
  }

  #envelopeCommands(from: string, to: string): { mail: string; rcpt: string } {
    for (const address of [from, to]) {
      if (/[\r\n<>]/.test(address)) throw new SmtpFailure('EENVELOPE', `Invalid address ${JSON.stringify(address)}`, 'API');
    }
    // RFC 6531: an address beyond ASCII needs SMTPUTF8 on MAIL FROM where the server offers it.
    const utf8 = /[\x80-\uffff]/.test(from + to) && this.#extensions.has('SMTPUTF8') ? ' SMTPUTF8' : '';
    return { mail: `MAIL FROM:<${from}>${utf8}`, rcpt: `RCPT TO:<${to}>` };
  }

  #readEnvelope(): Promise<[SmtpReply, SmtpReply, SmtpReply]> {
    return Promise.all([this.#read('MAIL FROM'), this.#read('RCPT TO'), this.#read('DATA')]);
  }

  /** Write the next envelope behind the data; its replies are read by the send that uses it. */
  #sendAhead(commands: { mail: string; rcpt: string }): void {
    const replies = this.#readEnvelope();
    // Nobody awaits these replies until the next send; a failure then is that send's failure.
    replies.catch(() => undefined);
    this.#write(`${commands.mail}\r\n${commands.rcpt}\r\nDATA\r\n`);
    this.#ahead = { key: `${commands.mail}\n${commands.rcpt}`, replies };
  }

  /** Decide a pipelined envelope from its three replies, ending a DATA that a server took without a recipient. */
  async #checkEnvelope([mail, rcpt, data]: [SmtpReply, SmtpReply, SmtpReply]): Promise<void> {
    let failure: SmtpFailure | null = null;
    if (mail.code >= 300) failure = new SmtpFailure('EENVELOPE', 'Mail command failed', 'MAIL FROM', mail);
    else if (rcpt.code >= 300) failure = new SmtpFailure('EENVELOPE', "Can't send mail - all recipients were rejected", 'RCPT TO', rcpt);
    if (failure && data.code >= 300 && data.code < 400) {
      if (mail.code >= 300) {
        // A server that refused the sender but took DATA is out of step: drop it.
        this.destroy();
        throw failure;
      }
      // It must refuse DATA without a recipient; this one took it, so end the empty message.
      const end = this.#read('DATA');
      this.#write('.\r\n');
      await end;
      throw failure;
    }
    if (failure) throw failure;
    if (data.code >= 400) throw new SmtpFailure('EENVELOPE', 'Data command failed', 'DATA', data);
  }

  /** Abort the current transaction (RSET), so the next message can start. */
  async reset(): Promise<void> {
    const reply = await this.#command('RSET', 'RSET');
    if (reply.code >= 300) throw new SmtpFailure('EPROTOCOL', 'Could not reset session state', 'RSET', reply);
  }

  /** Say QUIT and close, waiting at most 2 s for the reply. */
  async quit(): Promise<void> {
    if (this.usable) {
      const reply = this.#read('QUIT').catch(() => undefined);
      this.#write('QUIT\r\n');
      await Promise.race([reply, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
    this.destroy();
  }

  destroy(): void {
    this.#fail(new SmtpFailure('ECONNECTION', 'Connection closed', 'CONN'));
    this.#socket.destroy();
  }

  async #handshake(options: SmtpClientOptions): Promise<void> {
    const greeting = await this.#read('CONN');
    if (greeting.code !== 220) throw new SmtpFailure('EPROTOCOL', 'Invalid greeting', 'CONN', greeting);
    await this.#hello(options);

    const offered = this.#extensions.has('STARTTLS');
    if (!this.#secure && (options.tls === 'required' || (options.tls === 'opportunistic' && offered))) {
      const reply = await this.#command('STARTTLS', 'STARTTLS');
      if (reply.code >= 300 && options.tls === 'required') {
        throw new SmtpFailure('ETLS', 'Error upgrading connection with STARTTLS', 'STARTTLS', reply);
      }
      if (reply.code < 300) {
        await this.#upgrade(options);
        await this.#hello(options);
      } else {
        // The session goes on in plaintext, and credentials are never sent over it.
        this.#authMechanisms = [];
        if (options.auth) throw new SmtpFailure('EAUTH', 'STARTTLS failed, so the credentials were not sent', 'STARTTLS', reply);
      }
    }
    if (options.auth) await this.#login(options.auth);
  }

  /** EHLO, or HELO when EHLO is refused (then no extension is known). Returns the reply whose extensions apply. */
  async #hello(options: SmtpClientOptions): Promise<SmtpReply> {
    const ehlo = await this.#command(`EHLO ${options.heloName}`, 'EHLO');
    if (ehlo.code === 421) throw new SmtpFailure('ECONNECTION', 'Server terminates connection', 'EHLO', ehlo);
    if (ehlo.code < 300) {
      this.#parseExtensions(ehlo);
      return ehlo;
    }
    if (options.tls === 'required') {
      throw new SmtpFailure('ECONNECTION', 'EHLO failed but HELO does not support required STARTTLS', 'EHLO', ehlo);
    }
    const helo = await this.#command(`HELO ${options.heloName}`, 'HELO');
    if (helo.code >= 300) throw new SmtpFailure('EPROTOCOL', 'HELO failed', 'HELO', helo);
    this.#extensions = new Set();
    this.#authMechanisms = [];
    return helo;
  }

  #parseExtensions(ehlo: SmtpReply): void {
    const lines = ehlo.text.split('\n').slice(1).map((line) => line.slice(4).trim().toUpperCase());
    this.#extensions = new Set(lines.map((line) => line.split(/[\s=]/, 1)[0]!));
    const auth = lines.find((line) => /^AUTH[\s=]/.test(line));
    this.#authMechanisms = auth ? auth.slice(5).trim().split(/\s+/) : [];
  }

  async #upgrade(options: SmtpClientOptions): Promise<void> {
    const plain = this.#socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('timeout');
    plain.setTimeout(0);
    const secured = await new Promise<Socket>((resolve, reject) => {
      const socket = connectTls({ socket: plain, servername: options.servername, rejectUnauthorized: options.verifyCertificate });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new SmtpFailure('ETIMEDOUT', 'TLS handshake timeout', 'STARTTLS'));
      }, options.timeoutMs);
      const onError = (error: Error) => {
        clearTimeout(timer);
        reject(new SmtpFailure('ETLS', `Error initiating TLS - ${error.message}`, 'STARTTLS'));
      };
      socket.once('error', onError);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        socket.removeListener('error', onError);
        socket.setTimeout(options.timeoutMs);
        resolve(socket);
      });
    });
    this.#socket = secured;
    this.#secure = true;
    this.#attach(secured);
  }

  async #login(auth: { user: string; pass: string }): Promise<void> {
    const mechanisms = this.#authMechanisms;
    if (mechanisms.includes('PLAIN') || !mechanisms.includes('LOGIN')) {
      const token = Buffer.from(`\u0000${auth.user}\u0000${auth.pass}`, 'utf8').toString('base64');
      const reply = await this.#command(`AUTH PLAIN ${token}`, 'AUTH PLAIN');
      if (reply.code !== 235) throw new SmtpFailure('EAUTH', 'Invalid login', 'AUTH PLAIN', reply);
      return;
    }
    const steps = ['AUTH LOGIN', Buffer.from(auth.user).toString('base64'), Buffer.from(auth.pass).toString('base64')];
    for (const [index, line] of steps.entries()) {
      const reply = await this.#command(line, 'AUTH LOGIN');
      const expected = index < steps.length - 1 ? 334 : 235;
      if (reply.code !== expected) throw new SmtpFailure('EAUTH', 'Invalid login', 'AUTH LOGIN', reply);
    }
  }

  #command(line: string, command: string): Promise<SmtpReply> {
    const reply = this.#read(command);
    this.#write(`${line}\r\n`);
    return reply;
  }

  /** Commands go out as UTF-8, so SMTPUTF8 addresses (RFC 6531) reach the server intact. */
  #write(text: string): void {
    if (this.#failure === null) this.#socket.write(text, 'utf8');
  }

  /** Wait for the next reply; replies come in the order the commands went out. */
  #read(command: string): Promise<SmtpReply> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => this.#waiters.push({ command, resolve, reject }));
  }

  #attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('timeout', () => {
      // Idle time without a pending command is the caller's business, not a failure.
      if (this.#waiters.length === 0) return;
      this.#fail(new SmtpFailure('ETIMEDOUT', 'Timeout', this.#waiters[0]!.command));
      socket.destroy();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const command = this.#waiters[0]?.command ?? 'CONN';
      this.#fail(new SmtpFailure(error.code ?? 'ECONNECTION', error.message, command));
    });
    socket.on('close', () => {
      const command = this.#waiters[0]?.command ?? 'CONN';
      this.#fail(new SmtpFailure('ECONNECTION', 'Connection closed unexpectedly', command));
    });
  }

  #onData(chunk: Buffer): void {
    this.#buffer += chunk.toString('latin1');
    let newline = this.#buffer.indexOf('\n');
    while (newline !== -1 && this.#failure === null) {
      const line = this.#buffer.charCodeAt(newline - 1) === 13 ? this.#buffer.slice(0, newline - 1) : this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      this.#onLine(line);
      newline = this.#buffer.indexOf('\n');
    }
    if (this.#buffer.length > maxReplyChars) this.#protocolError('Server response exceeds maximum allowed size');
  }

  #onLine(line: string): void {
    this.#lines.push(line);
    // "250-..." continues a reply, "250 ..." or a bare "250" ends it (RFC 5321 4.2.1).
    if (line.charCodeAt(3) === 45 && line.length > 3) {
      if (this.#lines.length > 1000) this.#protocolError('Server response exceeds maximum allowed size');
      return;
    }
    const text = this.#lines.join('\n');
    this.#lines = [];
    const code = Number(text.slice(0, 3));
    if (!/^[2-5]\d\d$/.test(text.slice(0, 3))) {
      this.#protocolError(`Invalid response: ${text.slice(0, 120)}`);
      return;
    }
    const waiter = this.#waiters.shift();
    if (!waiter) {
      this.#protocolError(`Unexpected response: ${text.slice(0, 120)}`);
      return;
    }
    waiter.resolve({ code, text });
  }

  #protocolError(message: string): void {
    this.#fail(new SmtpFailure('EPROTOCOL', message, this.#waiters[0]?.command ?? 'CONN'));
    this.#socket.destroy();
  }

  #fail(failure: SmtpFailure): void {
    if (this.#failure) return;
    this.#failure = failure;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(failure);
  }
}

/** Open the TCP (or implicit TLS) connection within the connect timeout. */
function connectSocket(options: SmtpClientOptions): Promise<Socket> {
  const connectTimeoutMs = Math.min(options.timeoutMs, 30_000);
  return new Promise((resolve, reject) => {
    const socket =
      options.tls === 'implicit'
        ? connectTls({ host: options.ip, port: options.port, servername: options.servername, rejectUnauthorized: options.verifyCertificate })
        : connectTcp({ host: options.ip, port: options.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SmtpFailure('ETIMEDOUT', 'Connection timeout', 'CONN'));
    }, connectTimeoutMs);
    const onError = (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new SmtpFailure(error.code ?? 'ECONNECTION', error.message, 'CONN'));
    };
    socket.once('error', onError);
    socket.once(options.tls === 'implicit' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      socket.setNoDelay(true);
      socket.setTimeout(options.timeoutMs);
      resolve(socket);
    });
  });
}
