import { EventEmitter } from 'node:events';

import type { EngineHandle } from '../engine-types.ts';
import { toServerStatus } from './methods/server.ts';
import type { AdminEventName, AdminEvents } from './views.ts';

type HubEvents = { [E in AdminEventName]: [AdminEvents[E]] };

/**
 * One event source per engine for every admin client: the engine's own events
 * translated to the contract's names, plus events raised by API methods such as
 * import progress. Transports subscribe here, never to the engine directly.
 */
export class AdminHub extends EventEmitter<HubEvents> {
  readonly #detach: (() => void)[] = [];

  constructor(readonly engine: EngineHandle) {
    super();
    this.setMaxListeners(0);
    const onStatus = (): void => {
      this.emit('server.status', toServerStatus(engine));
    };
    const onProgress = (event: AdminEvents['post.progress']): void => {
      this.emit('post.progress', event);
    };
    engine.events.on('status', onStatus);
    engine.events.on('post-progress', onProgress);
    this.#detach.push(
      () => engine.events.off('status', onStatus),
      () => engine.events.off('post-progress', onProgress),
      engine.logs.subscribe((record) => this.emit('log', record)),
    );
  }

  publish<E extends AdminEventName>(name: E, data: AdminEvents[E]): void {
    (this.emit as (name: E, data: AdminEvents[E]) => boolean)(name, data);
  }

  /** Call `listener` for every event until the returned function is called. */
  subscribeAll(listener: <E extends AdminEventName>(name: E, data: AdminEvents[E]) => void): () => void {
    const names: AdminEventName[] = ['server.status', 'post.progress', 'import.progress', 'log'];
    const handlers = names.map((name) => {
      const handler = (data: AdminEvents[typeof name]): void => listener(name, data);
      this.on(name, handler as never);
      return () => this.off(name, handler as never);
    });
    return () => handlers.forEach((off) => off());
  }

  close(): void {
    for (const detach of this.#detach.splice(0)) detach();
    this.removeAllListeners();
  }
}

const hubs = new WeakMap<EngineHandle, AdminHub>();

/** The engine's hub, created on first use. */
export function adminHub(engine: EngineHandle): AdminHub {
  let hub = hubs.get(engine);
  if (!hub) {
    hub = new AdminHub(engine);
    hubs.set(engine, hub);
  }
  return hub;
}
