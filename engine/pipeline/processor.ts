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
 * Drives committed messages through their handlers. Each message is handled and
 * marked processed in one savepoint, so a crash in between replays it whole. A
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
    /** Runs after a commit that processed one or more messages. */
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
        const ids = this.store.incoming.pendingIds(batchSize);
        if (ids.length === 0) break;
        this.#processBatch(ids);
        // Nothing is committed while this loop runs on the event loop, so a short batch was the last.
        if (ids.length < batchSize) break;
      }
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    }
  }

  /**
   * Process messages in one transaction, each in a savepoint of its own, so a
   * throwing handler rolls back and shunts only its message and a burst of posts
   * costs one commit, not one each. When the batch itself fails, every message is
   * retried alone.
   */
  #processBatch(ids: number[]): void {
    let done = 0;
    const shunted: { id: number; failure: Failure }[] = [];
    try {
      // No disk flush of its own: a crash before the next flush replays the messages, and
      // whatever is sent on their behalf goes out after a later commit that flushes this one.
      groupCommit(this.store.db).runUnflushed(() => {
        for (const id of ids) {
          const failure = this.#handle(id);
          if (failure) {
            this.store.incoming.shunt(id, failure.stage, errorText(failure.error));
            shunted.push({ id, failure });
          } else {
            done += 1;
          }
        }
      });
    } catch {
      for (const id of ids) this.#processAlone(id);
      return;
    }
    for (const { id, failure } of shunted) this.#logShunted(id, failure);
    if (done > 0) this.afterMessage();
  }

  /** Process one message in a transaction of its own; a failure of that commit also shunts it. */
  #processAlone(id: number): void {
    let failure: Failure | null;
    try {
      failure = groupCommit(this.store.db).runUnflushed(() => this.#handle(id));
    } catch (error) {
      failure = { stage: 'commit', error };
    }
    if (!failure) {
      this.afterMessage();
      return;
    }
    this.store.incoming.shunt(id, failure.stage, errorText(failure.error));
    this.#logShunted(id, failure);
  }

  #logShunted(id: number, failure: Failure): void {
    this.log.error({ incoming: id, stage: failure.stage, err: failure.error }, 'SHUNTED');
  }

  /** Run a message's handlers and mark it processed in a savepoint; returns the failure, with nothing kept. */
  #handle(id: number): Failure | null {
    const message = this.store.incoming.get(id);
    if (!message) return null;
    let stage = 'start';
    try {
      this.store.db.transaction(() => {
        for (const route of message.recipients) {
          stage = route.kind;
          (this.handlers[route.kind] as RouteHandler)(message, route);
        }
        this.store.incoming.markProcessed(id);
      })();
      return null;
    } catch (error) {
      return { stage, error };
    }
  }
}

/** The stage, a route kind or the commit, where a message failed, and the error. */
interface Failure {
  stage: string;
  error: unknown;
}

/** Messages handled in one transaction. */
const batchSize = 50;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
