import type { Worker } from 'node:worker_threads';

import type { Logger } from 'pino';

import type { ClaimedDelivery } from '../store/deliveries.ts';
import type { CopyTokens } from './copies.ts';
import { startWorkerThread } from './worker-thread.ts';

/** Copies to sign, by position: delivery id, post id, member id (0 for none). */
export interface SignRequest {
  deliveries: number[];
  posts: number[];
  members: number[];
}

/** The four tokens of each requested copy in order: bounce, member, unsubscribe, leave. */
export interface SignReply {
  deliveries: number[];
  tokens: string[];
}

/**
 * Signs the tokens of claimed copies on a worker thread, ahead of their sending. Each
 * copy needs four HMAC-SHA256 tokens (its bounce address, member header, unsubscribe
 * link and leave address), which took about a fifth of the scheduler thread's time
 * per copy in a fan-out profile. A copy whose tokens have not arrived when it is sent
 * is signed where it is composed, so delivery works without the worker.
 */
export class Presigner {
  #worker: Worker | null = null;
  #failed = false;
  /** Copies asked for and not yet sent, so that tokens arriving late are not kept. */
  readonly #wanted = new Set<number>();
  readonly #tokens = new Map<number, CopyTokens>();

  constructor(
    private readonly dataDir: string,
    private readonly log: Logger,
  ) {}

  /** Start the thread now, so the first copies find it running and idle memory includes it. */
  start(): void {
    this.#start();
  }

  /** Ask for the tokens of newly claimed copies. */
  request(deliveries: ClaimedDelivery[]): void {
    const worker = this.#start();
    if (!worker || deliveries.length === 0) return;
    const request: SignRequest = { deliveries: [], posts: [], members: [] };
    for (const delivery of deliveries) {
      this.#wanted.add(delivery.id);
      request.deliveries.push(delivery.id);
      request.posts.push(delivery.postId);
      request.members.push(delivery.memberId ?? 0);
    }
    worker.postMessage(request);
  }

  /** Return a copy's tokens if they have arrived, and keep them. */
  peek(deliveryId: number): CopyTokens | undefined {
    return this.#tokens.get(deliveryId);
  }

  /** Return a copy's tokens if they have arrived, and forget them either way: the copy is being sent. */
  take(deliveryId: number): CopyTokens | undefined {
    this.#wanted.delete(deliveryId);
    const tokens = this.#tokens.get(deliveryId);
    this.#tokens.delete(deliveryId);
    return tokens;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    this.#failed = true;
    this.#wanted.clear();
    this.#tokens.clear();
    await worker?.terminate();
  }

  #start(): Worker | null {
    if (this.#worker || this.#failed) return this.#worker;
    let worker: Worker;
    try {
      worker = startWorkerThread('token-worker', { dataDir: this.dataDir });
    } catch (error) {
      this.log.warn({ err: error }, 'FAILED to start the token signer thread; copies are signed on the scheduler thread');
      this.#failed = true;
      return null;
    }
    worker.on('message', (message: SignReply | 'ready') => {
      if (message === 'ready') return;
      message.deliveries.forEach((id, i) => {
        if (!this.#wanted.has(id)) return;
        const at = i * 4;
        const [bounce, member, unsubscribe, leave] = message.tokens.slice(at, at + 4) as [string, string, string, string];
        this.#tokens.set(id, { bounce, member, unsubscribe, leave });
      });
    });
    worker.on('error', (error) => {
      this.log.warn({ err: error }, 'FAILED token signer thread; copies are signed on the scheduler thread');
      this.#failed = true;
      this.#worker = null;
    });
    worker.on('exit', () => {
      this.#failed = true;
      this.#worker = null;
    });
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
