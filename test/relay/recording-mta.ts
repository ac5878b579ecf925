import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One transaction as the relocated MTA saw it. */
export interface RecordedMessage {
  mailFrom: { address: string; args: Record<string, string | true> };
  rcptTo: { address: string; args: Record<string, string | true> }[];
  xForward: Record<string, string | number | false>;
  raw: Buffer;
}

export interface RecordingBehaviour {
  /** The rejection for MAIL FROM, or undefined to accept it. */
  mail?: (address: string) => { code: number; message: string } | undefined;
  /** The rejection for one RCPT TO, or undefined to accept it. */
  rcpt?: (address: string) => { code: number; message: string } | undefined;
  /** The rejection at the end of DATA, or undefined to accept the message. */
  data?: (message: RecordedMessage) => { code: number; message: string } | undefined;
  /** smtp-server options on top of the defaults, for example hideSMTPUTF8 or banner. */
  options?: Partial<SMTPServerOptions>;
}

function smtpError(reply: { code: number; message: string }): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

/**
 * An smtp-server on 127.0.0.1 standing in for a relocated MTA that offers XFORWARD and
 * DSN, keeping each accepted transaction with its parameters.
 */
export class RecordingMta {
  readonly messages: RecordedMessage[] = [];
  readonly server: SMTPServer;
  connections = 0;
  port = 0;

  constructor(behaviour: RecordingBehaviour = {}) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      hideSTARTTLS: true,
      hideDSN: false,
      useXForward: true,
      disableReverseLookup: true,
      logger: false,
      size: 10 * 1024 * 1024,
      onConnect: (_session, callback) => {
        this.connections++;
        callback();
      },
      onMailFrom: (address, _session, callback) => {
        const reply = behaviour.mail?.(address.address);
        callback(reply ? smtpError(reply) : undefined);
      },
      onRcptTo: (address, _session, callback) => {
        const reply = behaviour.rcpt?.(address.address);
        callback(reply ? smtpError(reply) : undefined);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom;
          const message: RecordedMessage = {
            mailFrom: { address: from ? from.address : '', args: (from && from.args) || {} },
            rcptTo: session.envelope.rcptTo.map((r) => ({ address: r.address, args: r.args || {} })),
            xForward: Object.fromEntries(session.xForward ?? new Map()),
            raw: Buffer.concat(chunks),
          };
          const reply = behaviour.data?.(message);
          if (reply) return callback(smtpError(reply));
          this.messages.push(message);
          callback();
        });
      },
      ...behaviour.options,
    });
    this.server.on('error', () => undefined);
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.server.address();
        this.port = typeof address === 'object' && address ? address.port : 0;
        resolve(this.port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
