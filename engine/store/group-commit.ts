import { open } from 'node:fs/promises';

import type { Db } from './db.ts';

/**
 * Transactions whose fsync runs off the event loop. With synchronous=FULL, SQLite
 * fsyncs the write-ahead log inside COMMIT, which blocks the event loop for the whole
 * disk flush (0.2 ms to several ms), so no SMTP session moves meanwhile. Here the
 * transaction commits with synchronous=NORMAL, which writes the WAL frames without
 * the flush, and then fdatasync(2) runs on the WAL file in libuv's thread pool. The
 * returned promise resolves only after a flush that started after the commit, so a
 * caller that waits for it has exactly the guarantee of a FULL commit: the
 * transaction survives a power cut. At most two flushes run at once, and the commits
 * made while they run share the next one, which is the group commit.
 *
 * Other connections and other transactions on this one keep their own setting
 * (FULL, see db.ts); a FULL commit also flushes any frames written before it.
 */
/**
 * Flushes allowed at once. A second one may start while the first runs, so a commit
 * made just after a flush began waits for one flush, not nearly two.
 */
const maxFlushes = 2;

export class GroupCommit {
  #flushes = 0;
  /** Callers whose transaction committed after the last flush started. */
  #waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  readonly #relaxed: boolean;
  readonly #normal;
  readonly #restore;

  constructor(private readonly db: Db) {
    const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
    const level = Number(db.pragma('synchronous', { simple: true }));
    // Only a WAL database at FULL or EXTRA (2, 3) gains anything; otherwise commit as configured.
    this.#relaxed = mode === 'wal' && level >= 2 && !db.memory;
    this.#normal = db.prepare('PRAGMA synchronous = NORMAL');
    this.#restore = db.prepare(`PRAGMA synchronous = ${level}`);
  }

  /**
   * Run `work` in a transaction. Returns its value at once and a promise that
   * resolves when the transaction is on disk. Throws, with nothing committed, when
   * `work` throws.
   */
  run<T>(work: () => T): { value: T; durable: Promise<void> } {
    if (!this.#relaxed || this.db.inTransaction) {
      return { value: this.db.transaction(work)(), durable: Promise.resolve() };
    }
    this.#normal.run();
    let value: T;
    try {
      value = this.db.transaction(work)();
    } finally {
      this.#restore.run();
    }
    return { value, durable: this.#flushSoon() };
  }

  /**
   * Run `work` in a transaction that is committed without a disk flush of its own. It
   * reaches the disk with the next flush of any commit. Only for work that is redone
   * when a crash loses it, and whose effects leave the machine only through a later,
   * flushed commit.
   */
  runUnflushed<T>(work: () => T): T {
    if (!this.#relaxed || this.db.inTransaction) return this.db.transaction(work)();
    this.#normal.run();
    try {
      return this.db.transaction(work)();
    } finally {
      this.#restore.run();
    }
  }

  #flushSoon(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      if (this.#flushes < maxFlushes) this.#flush();
    });
  }

  #flush(): void {
    const batch = this.#waiting;
    this.#waiting = [];
    this.#flushes += 1;
    // Opened per flush, so no descriptor outlives the database (Windows cannot delete an open file).
    open(`${this.db.name}-wal`, 'r+')
      .then(async (file) => {
        try {
          await file.datasync();
        } finally {
          await file.close();
        }
      })
      .then(
        () => this.#finish(batch, null),
        (error: Error) => this.#finish(batch, error),
      );
  }

  #finish(batch: { resolve: () => void; reject: (error: Error) => void }[], error: Error | null): void {
    this.#flushes -= 1;
    for (const waiter of batch) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
    if (this.#waiting.length > 0 && this.#flushes < maxFlushes) this.#flush();
  }
}

const perDatabase = new WeakMap<Db, GroupCommit>();

/** Return the database's one GroupCommit, so that all its writers share the flushes. */
export function groupCommit(db: Db): GroupCommit {
  let commits = perDatabase.get(db);
  if (!commits) {
    commits = new GroupCommit(db);
    perDatabase.set(db, commits);
  }
  return commits;
}
