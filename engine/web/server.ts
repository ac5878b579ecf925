import Fastify, { type FastifyInstance } from 'fastify';

import type { EngineHandle } from '../engine-types.ts';
import type { TokenSigner } from '../bounces/token.ts';
import { registerAdminHttp } from '../api/http.ts';
import type { LifecycleContext } from '../members/lifecycle/context.ts';
import { registerConfirm } from './confirm.ts';
import { registerUnsubscribe } from './unsubscribe.ts';

/** Context every set of routes gets. */
export interface WebContext {
  engine: EngineHandle;
  signer: TokenSigner;
  /** Subscription lifecycle steps, for the confirmation pages. */
  lifecycle: LifecycleContext;
}

/** A group of routes on the engine's HTTP server. */
export type RouteGroup = (app: FastifyInstance, context: WebContext) => void | Promise<void>;

/** The route groups of the HTTP server, in registration order. Add a feature's routes here. */
export const routeGroups: RouteGroup[] = [
  (app, { engine, signer, lifecycle }) =>
    registerUnsubscribe(app, { store: engine.store, signer, log: engine.log.child({ subsystem: 'web' }), lifecycle }),
  (app, { lifecycle }) => registerConfirm(app, lifecycle),
  (app, { engine }) => registerAdminHttp(app, engine),
];

/** Build the engine's HTTP server: member pages (unsubscribe, later join and archive) and the admin app. */
export async function createHttpServer(context: WebContext, groups = routeGroups): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024, trustProxy: false });
  // Forms and RFC 8058 one-click posts arrive urlencoded or as multipart/form-data;
  // routes read them as text.
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  for (const group of groups) await group(app, context);
  return app;
}
