import { createServer, type Server, type Socket } from 'node:net';

/** What a fake server sends: its greeting and its EHLO reply, CRLF-separated lines with codes. */
export interface FakeBanner {
  greeting: string[];
  ehlo?: string[];
  /** Milliseconds before the greeting is sent. */
  greetingDelayMs?: number;
}

/** Greetings and EHLO replies of real servers, as they send them with default settings. */
export const banners: Record<string, FakeBanner> = {
  postfix: {
    greeting: ['220 mail.example.org ESMTP Postfix (Debian/GNU)'],
    ehlo: ['250-mail.example.org', '250-PIPELINING', '250-SIZE 10240000', '250-VRFY', '250-ETRN', '250-STARTTLS', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250-DSN', '250-SMTPUTF8', '250 CHUNKING'],
  },
  sendmail: {
    greeting: [
      '220-mail.example.org ESMTP Sendmail 8.17.1.9/8.17.1.9/Debian-2; Thu, 4 Dec 2026 16:00:00 GMT; (No UCE/UBE) logging access from: localhost(OK)-localhost [127.0.0.1]',
      '220 Unsolicited bulk mail is not welcome here',
    ],
    ehlo: ['250-mail.example.org Hello localhost [127.0.0.1], pleased to meet you', '250-ENHANCEDSTATUSCODES', '250-PIPELINING', '250-8BITMIME', '250-SIZE', '250-DSN', '250-ETRN', '250-DELIVERBY', '250 HELP'],
  },
  exim: {
    greeting: ['220 mail.example.org ESMTP Exim 4.96 Thu, 04 Dec 2026 16:00:00 +0000'],
    ehlo: ['250-mail.example.org Hello localhost [127.0.0.1]', '250-SIZE 52428800', '250-8BITMIME', '250-PIPELINING', '250-PIPECONNECT', '250-CHUNKING', '250-PRDR', '250 HELP'],
  },
  opensmtpd: {
    greeting: ['220 mail.example.org ESMTP OpenSMTPD'],
    ehlo: ['250-mail.example.org Hello lyre-probe.localhost [127.0.0.1], pleased to meet you', '250-8BITMIME', '250-ENHANCEDSTATUSCODES', '250-SIZE 36700160', '250-DSN', '250 HELP'],
  },
  exchange: {
    greeting: ['220 EXCH01.corp.example Microsoft ESMTP MAIL Service ready at Thu, 4 Dec 2026 16:00:00 +0000'],
    ehlo: ['250-EXCH01.corp.example Hello [127.0.0.1]', '250-SIZE 37748736', '250-PIPELINING', '250-DSN', '250-ENHANCEDSTATUSCODES', '250-STARTTLS', '250-X-ANONYMOUSTLS', '250-AUTH NTLM', '250-X-EXPS GSSAPI NTLM', '250-8BITMIME', '250-BINARYMIME', '250-CHUNKING', '250 XRDST'],
  },
  iis: {
    greeting: ['220 win2008 Microsoft ESMTP MAIL Service, Version: 7.5.7601.17514 ready at  Thu, 4 Dec 2026 16:00:00 +0000'],
    ehlo: ['250-win2008 Hello [127.0.0.1]', '250-TURN', '250-SIZE 2097152', '250-ETRN', '250-PIPELINING', '250-DSN', '250-ENHANCEDSTATUSCODES', '250-8bitmime', '250-BINARYMIME', '250-CHUNKING', '250-VRFY', '250 OK'],
  },
  hmailserver: {
    greeting: ['220 WINSRV ESMTP'],
    ehlo: ['250-WINSRV', '250-SIZE 20480000', '250-AUTH LOGIN', '250 HELP'],
  },
  qmail: {
    greeting: ['220 mail.example.org ESMTP'],
    ehlo: ['250-mail.example.org', '250-PIPELINING', '250 8BITMIME'],
  },
  haraka: {
    greeting: ['220 mail.example.org ESMTP Haraka 3.0.3 ready'],
    ehlo: ['250-mail.example.org Hello localhost [127.0.0.1], Haraka is at your service.', '250-PIPELINING', '250-8BITMIME', '250-SMTPUTF8', '250 SIZE 0'],
  },
  unknown: {
    greeting: ['220 mx.example.org ESMTP ready'],
    ehlo: ['250-mx.example.org', '250-SIZE 1000000', '250-STARTTLS', '250-ENHANCEDSTATUSCODES', '250 8BITMIME'],
  },
};

/** A TCP server on 127.0.0.1 that speaks a banner: greeting, EHLO reply, 221 to QUIT, 502 to anything else. */
export class FakeMta {
  readonly server: Server;
  readonly commands: string[] = [];
  readonly #sockets = new Set<Socket>();
  port = 0;

  constructor(banner: FakeBanner) {
    this.server = createServer((socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('error', () => undefined);
      // Like a real server, read commands only after greeting.
      let greeted = false;
      let buffer = '';
      const answerLines = () => {
        let newline = buffer.indexOf('\n');
        while (greeted && newline !== -1) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          this.commands.push(line);
          this.#answer(socket, line, banner);
          newline = buffer.indexOf('\n');
        }
      };
      const greet = () => {
        socket.write(banner.greeting.map((line) => `${line}\r\n`).join(''));
        greeted = true;
        answerLines();
      };
      socket.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        answerLines();
      });
      if (banner.greetingDelayMs) setTimeout(greet, banner.greetingDelayMs);
      else greet();
    });
  }

  #answer(socket: Socket, line: string, banner: FakeBanner): void {
    const verb = line.split(' ', 1)[0]!.toUpperCase();
    if (verb === 'EHLO' && banner.ehlo) socket.write(banner.ehlo.map((l) => `${l}\r\n`).join(''));
    else if (verb === 'HELO') socket.write('250 mail.example.org\r\n');
    else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n');
    else socket.write('502 5.5.2 Error: command not recognized\r\n');
  }

  listen(): Promise<number> {
    return listenOnLoopback(this.server).then((port) => (this.port = port));
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Start a server that sends `text` (or nothing) on connect and ignores every command. */
export async function rawServer(text: string | null): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (text !== null) socket.write(text);
  });
  const port = await listenOnLoopback(server);
  return {
    port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}
