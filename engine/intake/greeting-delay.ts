import type { Socket } from 'node:net';

import type { SMTPServer } from 'smtp-server';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection';

/** The pause smtp-server 3.21 makes before every greeting, in milliseconds. */
export const builtInGreetingDelayMs = 100;

/**
 * Greet new connections after `delayMs` instead of smtp-server's fixed 100 ms. The pause
 * catches early talkers: a client that sends before the greeting gets a 421 reply, a
 * trait of spam bots. It also caps the rate of a client that opens one connection per
 * message at 10 messages per second per concurrent connection; 0 greets at once.
 *
 * NOTE: smtp-server has no option for this pause, so this replaces SMTPServer.connect
 * with a copy of its four lines and SMTPConnection.init's delay with ours. It reaches
 * smtp-server's internals (connections, _setListeners, connectionReady), which
 * version 3.21.6 has; test/intake checks the greeting and the early-talker reply.
 */
export function setGreetingDelay(server: SMTPServer, delayMs: number): void {
  if (delayMs === builtInGreetingDelayMs) return;
  server.connect = (socket: Socket, socketOptions?: ConstructorParameters<typeof SMTPConnection>[2]) => {
    const connection = new SMTPConnection(server, socket, socketOptions);
    server.connections.add(connection);
    connection.on('error', (error: Error) => server._onError(error));
    connection.on('connect', (data) => server._onClientConnect(data));
    connection._setListeners(() => {
      const limit = server.options.maxClients;
      if (limit && server.connections.size > limit) {
        connection.send(421, `${connection.name} Too many connected clients, try again in a moment`, false);
        return;
      }
      if (delayMs === 0) connection.connectionReady();
      else setTimeout(() => connection.connectionReady(), delayMs).unref();
    });
  };
}
