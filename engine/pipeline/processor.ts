import type { Logger } from 'pino';

import { groupCommit } from '../store/group-commit.ts';
import type { Store } from '../store/index.ts';
import type { IncomingMessage, Route } from '../store/incoming.ts';

/** Handles one routed recipient of a committed message. A throw shunts the whole message. */
export type RouteHandler<K extends Route['kind'] = Route['kind']> = (
  message: IncomingMessage,
  route: Extract<Route, { kind: K }>,
) => void;

export type RouteHandlers = { [K in Route['kind']]: RouteHandler<K> };

/**
 * Drives committed messages through their handlers. Each message is handled in one
 * transaction and then marked processed, so a crash in between replays it whole; a
 * message whose handler throws is shunted with the stage and error, and logged once.
 */
export class Processor {
  #running = false;
  #again = false;
  #stopped = false;

  constructor(
    private readonly store: Store,
    private readonly handlers: RouteHandlers,
    private readonly log: Logger,
    private readonly afterMessage: () => void = () => {},
  ) {}

  /** Process everything pending; calls made while running are folded into one more pass. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    setImmediate(() => this.#drain());
  }

  /** Take no more work; a pass already running finishes its current message. */
  stop(): void {
    this.#stopped = true;
  }

  #drain(): void {
    try {
      for (;;) {
        if (this.#stopped) break;
        const ids = this.store.incoming.pendingIds(50);
        if (ids.length === 0) break;
        for (const id of ids) this.#processOne(id);
      }
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    }
  }

  #processOne(id: number): void {
    const message = this.store.incoming.get(id);
    if (!message) return;
    let stage = 'start';
    try {
      // No disk flush of its own: a crash before the next flush replays the message, and
      // whatever is sent on its behalf goes out after a later commit that flushes this one.
      groupCommit(this.store.db).runUnflushed(() => {
        for (const route of message.recipients) {
          stage = route.kind;
          (this.handlers[route.kind] as RouteHandler)(message, route);
        }
        this.store.incoming.markProcessed(id);
      });
      this.afterMessage();
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.store.incoming.shunt(id, stage, text);
      this.log.error({ incoming: id, stage, err: error }, 'SHUNTED');
    }
  }
}
