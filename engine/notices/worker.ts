import type { Logger } from 'pino';

import { deliveryDomain } from '../mail/address.ts';
import type { Store } from '../store/index.ts';
import { composeNotice } from './compose.ts';
import type { NoticeOutbox } from './outbox.ts';

// How often the outbox is read without a wake, for notices queued by another process
// (the command line) or by a feature that does not wake the worker.
const pollMs = 5_000;

/**
 * Composes the notices in the outbox and queues each as a notice post with one
 * delivery. Queuing the post and marking the outbox row happen in one transaction,
 * so a crash in between composes the notice again but never queues it twice.
 */
export class NoticeWorker {
  #running = false;
  #again = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly outbox: NoticeOutbox,
    private readonly log: Logger,
    private readonly afterQueued: () => void,
  ) {}

  start(): void {
    this.#timer = setInterval(() => this.wake(), pollMs);
    this.#timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.#idle = new Promise((resolve) => setImmediate(() => void this.#drain().finally(resolve)));
  }

  /** Take no more work and wait for the notice being composed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#idle;
  }

  async #drain(): Promise<void> {
    let queued = 0;
    try {
      for (;;) {
        if (this.#stopped) break;
        const entries = this.outbox.pending(20);
        if (entries.length === 0) break;
        for (const entry of entries) {
          if (this.#stopped) break;
          if (await this.#composeOne(entry.id, entry.spec)) queued++;
        }
      }
    } finally {
      this.#running = false;
      if (queued > 0) this.afterQueued();
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    }
  }

  async #composeOne(id: number, spec: Parameters<typeof composeNotice>[0]): Promise<boolean> {
    try {
      const attachment = spec.attachIncomingId ? this.store.incoming.get(spec.attachIncomingId)?.raw : undefined;
      const raw = await composeNotice(spec, attachment);
      if (this.#stopped) return false;
      this.store.db.transaction(() => {
        const post = this.store.posts.createNotice({
          listId: spec.listId !== null && this.store.lists.get(spec.listId) ? spec.listId : null,
          rcpt: spec.to,
          domain: deliveryDomain(spec.to),
          memberId: spec.memberId !== null && this.store.members.get(spec.memberId) ? spec.memberId : null,
          sender: spec.from,
          subject: spec.subject,
          raw,
        });
        this.outbox.markQueued(id, post.id);
        this.log.info({ notice: id, post: post.id, rcpt: spec.to, list: spec.listId }, 'QUEUED notice');
      })();
      return true;
    } catch (error) {
      this.outbox.markFailed(id, error instanceof Error ? error.message : String(error));
      this.log.error({ notice: id, rcpt: spec.to, err: error }, 'FAILED to compose a notice');
      return false;
    }
  }
}
