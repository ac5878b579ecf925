import { createHash } from 'node:crypto';

import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

/** One message a sink accepted, with its envelope as the client gave it. */
export interface SunkMessage {
  mailFrom: string;
  rcptTo: string[];
  /** The whole message, or an empty buffer when the sink keeps digests only. */
  raw: Buffer;
  /** The header block, up to the blank line. */
  head: string;
  /** SHA-256 of everything after the blank line, hex. */
  bodySha256: string;
  /** The address the client connected to, for telling MX hosts apart. */
  localAddress: string;
}

export interface SinkBehaviour {
  /** The reply to RCPT TO for an address, or undefined to accept it. */
  rcpt?: (address: string, session: SMTPServerSession) => { code: number; message: string } | undefined;
  /** The reply after DATA, or undefined to accept the message. */
  data?: (message: SunkMessage) => { code: number; message: string } | undefined;
  /** Keep only the head and a body digest, for fan-outs of large posts. */
  digestOnly?: boolean;
}

/**
 * A real SMTP server on loopback that keeps what it accepts, used as the MX host,
 * smarthost or relocated MTA in tests. Several sinks may share a port on different
 * 127.x addresses.
 */
export class SmtpSink {
  readonly messages: SunkMessage[] = [];
  readonly server: SMTPServer;
  port = 0;

  constructor(private readonly behaviour: SinkBehaviour = {}) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      hideSTARTTLS: true,
      disableReverseLookup: true,
      logger: false,
      size: 50 * 1024 * 1024,
      onRcptTo: (address: SMTPServerAddress, session, callback) => {
        const reply = this.behaviour.rcpt?.(address.address, session);
        if (reply) return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const split = raw.indexOf('\r\n\r\n');
          const bodyStart = split === -1 ? raw.length : split + 4;
          const message: SunkMessage = {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw: this.behaviour.digestOnly ? Buffer.alloc(0) : raw,
            head: raw.subarray(0, bodyStart).toString('latin1'),
            bodySha256: createHash('sha256').update(raw.subarray(bodyStart)).digest('hex'),
            localAddress: session.localAddress,
          };
          const reply = this.behaviour.data?.(message);
          if (reply) return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
          this.messages.push(message);
          callback();
        });
      },
    });
    this.server.on('error', () => {});
  }

  listen(port = 0, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.server.address();
        this.port = typeof address === 'object' && address ? address.port : port;
        resolve(this.port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
