import type { AttemptResult } from '../store/deliveries.ts';
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

/**
 * Records delivery attempts in groups: results that arrive while one commit runs go
 * into the next, one transaction each. A sender awaits its result's commit before it
 * sends its next copy, so a crash can re-send at most one accepted copy per session.
 */
export class ResultWriter {
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(
    private readonly store: Store,
    /** Runs inside the commit for every failed copy: bounce events and policy. */
    private readonly onFailure: (failure: FailedCopy) => void,
    /** Runs after the commit with the posts whose copies changed. */
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
    try {
      this.store.deliveries.recordMany(
        batch.map((p) => p.result),
        () => {
          for (const p of batch) {
            posts.add(p.postId);
            if (p.failure) this.onFailure(p.failure);
          }
          for (const postId of posts) this.store.posts.finishIfComplete(postId);
        },
      );
    } catch (error) {
      for (const p of batch) p.reject(error as Error);
      return;
    }
    for (const p of batch) p.resolve();
    this.afterCommit(posts);
  }
}
