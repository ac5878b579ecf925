import helmet from '@fastify/helmet';
import fastifyCookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { EngineHandle } from '../engine-types.ts';
import type { ErrorKind } from '../errors.ts';
import { adminPasswordHash, verifyAdminPassword } from '../web/admin-password.ts';
import { AdminSessions, csrfMatches, type AdminSession } from '../web/admin-sessions.ts';
import { defaultRendererDir, registerAdminStatic } from '../web/admin-static.ts';
import { createDispatcher } from './dispatch.ts';
import { statusByKind } from './envelope.ts';
import { adminHub } from './hub.ts';

export interface AdminHttpOptions {
  /** Folder of the built admin app; defaults to renderer/dist in the checkout. */
  rendererDir?: string;
  /** Login attempts allowed per client address per minute. */
  loginPerIp?: number;
  /** Login attempts allowed from all addresses together per minute. */
  loginGlobal?: number;
}

export const sessionCookie = 'lyre_admin';
export const csrfHeader = 'x-lyre-csrf';
/** Largest request body, in bytes: a pasted import of 100,000 addresses is a few MB of JSON. */
const bodyLimit = 64 * 1024 * 1024;
const heartbeatMs = 25_000;

// Mantine sets CSS variables in style attributes, so style-src-attr allows inline
// attributes. Style elements need this response's nonce. Scripts come only from the
// app's own files.
const cspDirectives = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
};

function sendError(reply: FastifyReply, kind: ErrorKind, message: string): FastifyReply {
  return reply.code(statusByKind[kind]).send({ error: { kind, message } });
}

/**
 * Register the admin API and app on the engine's HTTP server: login, the RPC
 * endpoint POST /api/rpc/:method, the event stream GET /api/events (server-sent
 * events) and the app under /admin/. Everything lives in its own plugin scope, so
 * the security headers, cookie parser and rate limiter apply to these routes only.
 */
export async function registerAdminHttp(
  app: FastifyInstance,
  engine: EngineHandle,
  options: AdminHttpOptions = {},
): Promise<void> {
  const sessions = new AdminSessions();
  const dispatch = createDispatcher(engine);
  const log = engine.log.child({ subsystem: 'admin-http' });

  await app.register(async (scope) => {
    await scope.register(fastifyCookie);
    await scope.register(helmet, { enableCSPNonces: true, contentSecurityPolicy: { directives: cspDirectives } });
    await scope.register(rateLimit, { global: false });

    const perIp = scope.createRateLimit({
      max: options.loginPerIp ?? 10,
      timeWindow: 60_000,
      keyGenerator: (request) => `login-ip:${request.ip}`,
    });
    const global = scope.createRateLimit({
      max: options.loginGlobal ?? 100,
      timeWindow: 60_000,
      keyGenerator: () => 'login-all',
    });

    const streams = new Set<() => void>();
    // preClose runs before the server waits for its connections, which an open
    // event stream would otherwise hold forever.
    scope.addHook('preClose', async () => {
      for (const end of [...streams]) end();
    });

    const currentSession = (request: FastifyRequest): AdminSession | undefined =>
      sessions.get(request.cookies[sessionCookie], adminPasswordHash(engine.store));

    scope.get('/api/session', async (request) => {
      const session = currentSession(request);
      return {
        authenticated: session !== undefined,
        csrfToken: session?.csrfToken ?? null,
        passwordSet: adminPasswordHash(engine.store) !== undefined,
      };
    });

    scope.post('/api/login', async (request, reply) => {
      for (const limit of [perIp, global]) {
        const state = await limit(request);
        if (!state.isAllowed && state.isExceeded) {
          log.warn({ ip: request.ip }, 'LOGIN_LIMITED');
          reply.header('retry-after', state.ttlInSeconds);
          return reply.code(429).send({
            error: { kind: 'unavailable', message: `Too many login attempts; wait ${state.ttlInSeconds} seconds and try again.` },
          });
        }
      }
      const body = request.body as { password?: unknown } | undefined;
      if (typeof body?.password !== 'string') return sendError(reply, 'invalid', 'Missing password in the login request.');

      const hash = adminPasswordHash(engine.store);
      if (hash === undefined) {
        return sendError(reply, 'unavailable', 'No administrator password is set; run `lyre admin password` on the server.');
      }
      if (!(await verifyAdminPassword(engine.store, body.password))) {
        log.warn({ ip: request.ip }, 'LOGIN_FAILED');
        return sendError(reply, 'unauthorized', 'Wrong password.');
      }

      sessions.destroy(request.cookies[sessionCookie]);
      const session = sessions.create(hash);
      reply.setCookie(sessionCookie, session.id, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
      });
      log.info({ ip: request.ip }, 'LOGIN');
      return { csrfToken: session.csrfToken };
    });

    scope.post('/api/logout', async (request, reply) => {
      sessions.destroy(request.cookies[sessionCookie]);
      reply.clearCookie(sessionCookie, { path: '/' });
      return { loggedOut: true };
    });

    scope.post<{ Params: { method: string } }>('/api/rpc/:method', { bodyLimit }, async (request, reply) => {
      const session = currentSession(request);
      if (!session) return sendError(reply, 'unauthorized', 'Not logged in, or the session expired; log in again.');
      if (!csrfMatches(session, request.headers[csrfHeader])) {
        return sendError(reply, 'forbidden', `Missing or wrong ${csrfHeader} header; reload the admin page.`);
      }
      const outcome = await dispatch(request.params.method, request.body);
      if ('error' in outcome) return sendError(reply, outcome.error.kind, outcome.error.message);
      return { result: outcome.result };
    });

    scope.get('/api/events', async (request, reply) => {
      if (!currentSession(request)) {
        return sendError(reply, 'unauthorized', 'Not logged in, or the session expired; log in again.');
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');

      const stop = adminHub(engine).subscribeAll((name, data) => {
        res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
      const end = (): void => {
        clearInterval(heartbeat);
        stop();
        streams.delete(end);
        res.end();
      };
      streams.add(end);
      request.raw.on('close', end);
    });

    await registerAdminStatic(scope, options.rendererDir ?? defaultRendererDir);
  });
}
