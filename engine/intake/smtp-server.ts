import { hostname as machineName } from 'node:os';
import { readFileSync } from 'node:fs';

import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

import type { Settings } from '../config/schema.ts';
import { mayPost, senderAddresses } from '../rules/may-post.ts';
import { firstValue, splitMessage, type HeaderField } from '../shaping/header-block.ts';
import type { Store } from '../store/index.ts';
import type { Route } from '../store/incoming.ts';
import { CommitQueue } from './commit-queue.ts';
import { setGreetingDelay } from './greeting-delay.ts';
import { RelayRoute } from './relay-route.ts';
import { routeRecipient, type RouterContext } from './router.ts';

/** Build the Error that carries an SMTP reply, as smtp-server expects from its hooks. */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export interface IntakeOptions {
  store: Store;
  router: RouterContext;
  log: Logger;
  settings: () => Settings;
  /** Called after a message is committed, to wake the processor. */
  onCommitted: (incomingId: number) => void;
  /** Forwarding of addresses Lyre does not own to the relocated MTA. */
  relay: RelayRoute;
}

interface SessionRoutes {
  routes: Route[];
}

/**
 * Build Lyre's SMTP server. Each RCPT TO is routed while the client waits. Data is
 * collected up to the size limit and dropped beyond it, never buffered. A post that
 * no list accepts is rejected after DATA with the reason. The 250 reply to a message
 * is sent only after it is committed to the store.
 */
export function createIntakeServer(options: IntakeOptions): SMTPServer {
  const { store, router, log } = options;
  const initial = options.settings();
  const perIp = new Map<string, number>();
  const routesBySession = new Map<string, SessionRoutes>();
  const commits = new CommitQueue(store);
  const hasTls = initial['smtp.tlsKey'] !== '' && initial['smtp.tlsCert'] !== '';
  const hostname = initial['smtp.hostname'] || machineName();

  const server = new SMTPServer({
    name: hostname,
    banner: 'Lyre ESMTP ready',
    size: initial['smtp.maxMessageSize'],
    rejectOversized: true,
    maxRecipients: initial['smtp.maxRecipients'],
    maxClients: initial['smtp.maxClients'],
    socketTimeout: initial['smtp.socketTimeout'],
    closeTimeout: 30_000,
    authOptional: true,
    disabledCommands: hasTls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    hideSTARTTLS: !hasTls,
    disableReverseLookup: true,
    logger: false,
    ...(hasTls ? { key: readFileSync(initial['smtp.tlsKey']), cert: readFileSync(initial['smtp.tlsCert']) } : {}),

    onConnect(session, callback) {
      const ip = session.remoteAddress;
      const count = (perIp.get(ip) ?? 0) + 1;
      perIp.set(ip, count);
      const limit = options.settings()['smtp.maxConnectionsPerIp'];
      if (count > limit) {
        log.warn({ session: session.id, ip, count, limit }, 'REJECTED too many connections from one address');
        return callback(smtpError(421, `4.7.0 Too many connections from ${ip}, try again later`));
      }
      log.debug({ session: session.id, ip }, 'CONNECTED');
      callback();
    },

    onClose(session) {
      const ip = session.remoteAddress;
      const count = (perIp.get(ip) ?? 1) - 1;
      if (count <= 0) perIp.delete(ip);
      else perIp.set(ip, count);
      routesBySession.delete(session.id);
      void options.relay.close(session);
    },

    onMailFrom(address, session, callback) {
      routesBySession.set(session.id, { routes: [] });
      options.relay.mailFrom(session, address);
      callback();
    },

    onRcptTo(address, session, callback) {
      const decision = routeRecipient(address.address, router);
      if (RelayRoute.isUnowned(decision)) {
        // Not an address of Lyre's, so the relocated MTA or the relay policy replies while the client waits.
        options.relay.rcptTo(session, address).then(
          (reply) => callback(reply.accepted ? undefined : smtpError(reply.code, reply.message)),
          (error: Error) => callback(error),
        );
        return;
      }
      if (!decision.accepted) {
        log.info({ session: session.id, rcpt: address.address, code: decision.code }, 'REJECTED recipient');
        return callback(smtpError(decision.code, decision.message));
      }
      const state = routesBySession.get(session.id) ?? { routes: [] };
      state.routes.push(decision.route);
      routesBySession.set(session.id, state);
      callback();
    },

    onData(stream, session, callback) {
      readLimited(stream, options.settings()['smtp.maxMessageSize'])
        .then(async (raw) => {
          if (!raw) {
            return callback(
              smtpError(552, `5.3.4 Message too big: the limit is ${options.settings()['smtp.maxMessageSize']} bytes`),
            );
          }
          const routes = routesBySession.get(session.id)?.routes ?? [];
          const fields = splitMessage(raw).fields;
          const accepted = checkPosts(store, fields, session, routes, log);
          if (accepted.routes.length === 0 && !options.relay.forwarding(session)) {
            return callback(smtpError(550, `5.7.1 ${accepted.reasons.join('; ')}`));
          }
          // The forwarded copy is handed over first: its failure is the reply to DATA.
          const relayed = await options.relay.data(session, raw, accepted.routes.length);
          if (relayed) {
            return relayed.code < 300 ? callback(null, relayed.message) : callback(smtpError(relayed.code, relayed.message));
          }
          const messageId = firstValue(fields, 'message-id') ?? null;
          const id = await commits.commit({
            sessionId: session.id,
            clientIp: session.remoteAddress,
            helo: session.hostNameAppearsAs ?? '',
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            recipients: accepted.routes,
            messageId,
            raw,
          });
          log.info(
            { session: session.id, incoming: id, size: raw.length, rcpts: accepted.routes.length, messageId },
            'ACCEPTED',
          );
          options.onCommitted(id);
          callback(null, `2.0.0 Message accepted as ${id}`);
        })
        .catch((error: Error) => {
          log.error({ session: session.id, err: error }, 'FAILED to store a message');
          callback(smtpError(451, '4.3.0 Temporary failure storing the message, try again later'));
        });
    },
  });

  setGreetingDelay(server, initial['smtp.greetingDelay']);
  server.on('error', (error) => log.error({ err: error }, 'SMTP server error'));
  return server;
}

/**
 * Read the DATA stream, keeping at most `limit` bytes. Returns null when the message
 * was larger, after reading it to the end so the client gets the reply.
 */
function readLimited(stream: SMTPServerDataStream, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(over || stream.sizeExceeded ? null : Buffer.concat(chunks, size)));
  });
}

/** Keep every route whose list accepts this sender; collect the reasons of those that do not. */
function checkPosts(
  store: Store,
  fields: HeaderField[],
  session: SMTPServerSession,
  routes: Route[],
  log: Logger,
): { routes: Route[]; reasons: string[] } {
  const kept: Route[] = [];
  const reasons: string[] = [];
  const senders = senderAddresses(fields, session.envelope.mailFrom ? session.envelope.mailFrom.address : '');
  for (const route of routes) {
    if (route.kind !== 'post') {
      kept.push(route);
      continue;
    }
    const list = store.lists.get(route.listId);
    if (!list) {
      reasons.push(`<${route.address}>: the list no longer exists`);
      continue;
    }
    const decision = mayPost(store, list, senders);
    if (decision.allowed) {
      kept.push(route);
    } else {
      log.info({ session: session.id, list: list.name, sender: decision.sender }, `REJECTED post: ${decision.reason}`);
      reasons.push(decision.reason);
    }
  }
  // TODO: when some lists accept a message and others reject it, the rejections are
  // only logged. The sender gets no notice for them until notices can be queued here.
  return { routes: kept, reasons };
}
