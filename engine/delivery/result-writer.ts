import type { AttemptResult } from '../store/deliveries.ts';
import { groupCommit } from '../store/group-commit.ts';
import type { Store } from '../store/index.ts';

export interface FailedCopy {
  result: AttemptResult;
  postId: number;
  listId: number | null;
  memberId: number | null;
  rcpt: string;
  permanent: boolean;
}

interface Pending {
  result: AttemptResult;
  postId: number;
  failure?: FailedCopy;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Milliseconds between progress reports for a post whose copies are still being sent. */
const progressIntervalMs = 250;

/**
 * Records delivery attempts in groups: the results of one turn of the event loop go
 * into one transaction, and its disk flush runs off the event loop (see GroupCommit).
 * A sender awaits its result's flush before it sends its next copy, so a crash can
 * re-send at most one accepted copy per session.
 * Progress is reported at once for a post that has just finished, and otherwise at
 * most every 250 ms, because counting a large post's copies costs a query each time.
 */
export class ResultWriter {
  #pending: Pending[] = [];
  #scheduled = false;
  readonly #unreported = new Set<number>();
  #reportedAt = 0;
  #reportTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    /** Runs inside the commit for every failed copy: bounce events and policy. */
    private readonly onFailure: (failure: FailedCopy) => void,
    /** Runs after a commit with the posts whose copies changed since the last call. */
    private readonly afterCommit: (postIds: Set<number>) => void,
  ) {}

  record(result: AttemptResult, postId: number, failure?: FailedCopy): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ result, postId, failure, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    const posts = new Set<number>();
    let finished = false;
    let durable: Promise<void>;
    try {
      ({ durable } = groupCommit(this.store.db).run(() =>
        this.store.deliveries.recordMany(
          batch.map((p) => p.result),
          () => {
            for (const p of batch) {
              posts.add(p.postId);
              if (p.failure) this.onFailure(p.failure);
            }
            for (const postId of posts) finished = this.store.posts.finishIfComplete(postId) || finished;
          },
        ),
      ));
    } catch (error) {
      for (const p of batch) p.reject(error as Error);
      return;
    }
    durable.then(
      () => {
        for (const p of batch) p.resolve();
        for (const postId of posts) this.#unreported.add(postId);
        this.#report(finished);
      },
      (error: Error) => {
        for (const p of batch) p.reject(error);
      },
    );
  }

  /** Drop a pending progress report; called when delivery stops, before the store closes. */
  close(): void {
    if (this.#reportTimer) clearTimeout(this.#reportTimer);
    this.#reportTimer = undefined;
    this.#unreported.clear();
  }

  #report(now: boolean): void {
    const wait = this.#reportedAt + progressIntervalMs - Date.now();
    if (!now && wait > 0) {
      this.#reportTimer ??= setTimeout(() => {
        this.#reportTimer = undefined;
        this.#report(true);
      }, wait).unref();
      return;
    }
    if (this.#reportTimer) clearTimeout(this.#reportTimer);
    this.#reportTimer = undefined;
    this.#reportedAt = Date.now();
    const posts = new Set(this.#unreported);
    this.#unreported.clear();
    if (posts.size > 0) this.afterCommit(posts);
  }
}
