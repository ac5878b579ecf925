import { SMTPServer } from 'smtp-server';

import { TokenSigner } from '../../engine/bounces/token.ts';
import { RelayRoute } from '../../engine/intake/relay-route.ts';
import { routeRecipient } from '../../engine/intake/router.ts';
import type { RelayForwarder } from '../../engine/relay/forward.ts';
import type { Store } from '../../engine/store/index.ts';
import type { Route } from '../../engine/store/incoming.ts';

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * An SMTP server on 127.0.0.1 that routes recipients with the intake's router and
 * calls RelayRoute at the same four points Lyre's intake server does: onMailFrom,
 * onRcptTo for unowned addresses, onData before committing, and onClose. It commits
 * list routes to the real store without running the post rules.
 */
export class RelayIntake {
  readonly server: SMTPServer;
  readonly relay: RelayRoute;
  port = 0;

  constructor(store: Store, forwarder: RelayForwarder) {
    const router = { store, signer: TokenSigner.fromState(store.state) };
    const relay = new RelayRoute(forwarder, () => 'lists.example.org');
    const routes = new Map<string, Route[]>();
    this.relay = relay;

    this.server = new SMTPServer({
      name: 'lists.example.org',
      banner: 'Lyre ESMTP ready',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      hideSTARTTLS: true,
      disableReverseLookup: true,
      logger: false,
      onMailFrom(address, session, callback) {
        routes.set(session.id, []);
        relay.mailFrom(session, address);
        callback();
      },
      onRcptTo(address, session, callback) {
        const decision = routeRecipient(address.address, router);
        if (RelayRoute.isUnowned(decision)) {
          relay.rcptTo(session, address).then(
            (reply) => callback(reply.accepted ? undefined : smtpError(reply.code, reply.message)),
            (error: Error) => callback(smtpError(451, `4.3.0 ${error.message}`)),
          );
          return;
        }
        if (!decision.accepted) return callback(smtpError(decision.code, decision.message));
        routes.get(session.id)?.push(decision.route);
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const listRoutes = routes.get(session.id) ?? [];
          relay
            .data(session, raw, listRoutes.length)
            .then((reply) => {
              if (reply) return callback(reply.code < 300 ? null : smtpError(reply.code, reply.message), reply.message);
              const [id] = store.incoming.insertMany([
                {
                  sessionId: session.id,
                  clientIp: session.remoteAddress,
                  helo: session.hostNameAppearsAs,
                  mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                  recipients: listRoutes,
                  messageId: null,
                  raw,
                },
              ]);
              callback(null, `2.0.0 Message accepted as ${id}`);
            })
            .catch((error: Error) => callback(smtpError(451, `4.3.0 ${error.message}`)));
        });
      },
      onClose(session) {
        routes.delete(session.id);
        void relay.close(session);
      },
    });
    this.server.on('error', () => undefined);
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
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
