import type { Logger } from 'pino';

import { addressKey } from '../mail/address.ts';
import type { Db } from '../store/db.ts';
import { NoticeOutbox } from './outbox.ts';
import { ReplyLimit } from './reply-limit.ts';
import type { NoticeSpec } from './types.ts';

export interface NoticesOptions {
  db: Db;
  log: Logger;
  /** The maximum number of automatic replies one address gets in a UTC day. */
  maxRepliesPerDay: () => number;
  /** Called after a notice is put in the outbox, to start composing it. */
  wake?: () => void;
}

/**
 * The one way every feature sends a notice. `queue` is synchronous and writes only to
 * the store, so it can run inside the transaction that decided the notice. The
 * NoticeWorker composes the message and queues it for delivery after that commits.
 */
export class Notices {
  readonly outbox: NoticeOutbox;
  readonly #limit: ReplyLimit;

  constructor(private readonly options: NoticesOptions) {
    this.outbox = new NoticeOutbox(options.db);
    this.#limit = new ReplyLimit(options.db);
  }

  /** Put a notice in the outbox; returns its id, or null when the daily reply limit held it back. */
  queue(spec: NoticeSpec): number | null {
    if (spec.limited) {
      const key = addressKey(spec.to) ?? spec.to;
      const max = this.options.maxRepliesPerDay();
      const { allowed } = this.#limit.take(key, max);
      if (!allowed) {
        this.options.log.warn({ rcpt: spec.to, list: spec.listId, subject: spec.subject, limit: max }, 'HELD BACK reply: daily limit reached');
        return null;
      }
    }
    const id = this.outbox.add(spec);
    this.options.log.debug({ notice: id, rcpt: spec.to, list: spec.listId }, 'ADDED notice to the outbox');
    this.options.wake?.();
    return id;
  }
}
