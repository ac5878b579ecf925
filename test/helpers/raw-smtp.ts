import { connect, type Socket } from 'node:net';

/**
 * A bare SMTP client on a socket, for sending what a well-behaved client never would:
 * garbage commands, bare LF line endings, 8-bit headers. Each call sends bytes and
 * returns the next complete reply (the last line has a space after the code).
 */
export class RawSmtp {
  #buffer = '';
  #waiters: ((reply: string) => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer += chunk.toString('latin1');
      this.#deliver();
    });
  }

  static async open(port: number, host = '127.0.0.1'): Promise<{ client: RawSmtp; greeting: string }> {
    const socket = connect(port, host);
    const client = new RawSmtp(socket);
    const greeting = await client.reply();
    return { client, greeting };
  }

  #deliver(): void {
    for (;;) {
      const match = /^(?:\d{3}-[^\n]*\n)*\d{3}(?: [^\n]*)?\n/.exec(this.#buffer);
      if (!match || this.#waiters.length === 0) return;
      this.#buffer = this.#buffer.slice(match[0].length);
      this.#waiters.shift()!(match[0].trimEnd());
    }
  }

  reply(): Promise<string> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#deliver();
    });
  }

  /** Send bytes as they are (add your own line ending) and wait for the reply. */
  send(data: string | Buffer): Promise<string> {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
    return this.reply();
  }

  /** Send bytes without waiting for a reply. */
  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  close(): void {
    this.socket.destroy();
  }
}
