import { groupCommit } from '../store/group-commit.ts';
import type { Store } from '../store/index.ts';
import type { NewIncoming } from '../store/incoming.ts';

interface Pending {
  message: NewIncoming;
  resolve: (id: number) => void;
  reject: (error: Error) => void;
}

/**
 * Commits received messages in groups: every message whose data ended in the same
 * turn of the event loop goes into one transaction. Its disk flush runs off the event
 * loop and is shared with other commits (see GroupCommit). Each caller's promise
 * resolves with the message's id only once its transaction is on disk, which is when
 * intake may answer 250.
 */
export class CommitQueue {
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(private readonly store: Store) {}

  commit(message: NewIncoming): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ message, resolve, reject });
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
    let committed: { value: number[]; durable: Promise<void> };
    try {
      committed = groupCommit(this.store.db).run(() => this.store.incoming.insertMany(batch.map((p) => p.message)));
    } catch (error) {
      for (const p of batch) p.reject(error as Error);
      return;
    }
    committed.durable.then(
      () => batch.forEach((p, i) => p.resolve(committed.value[i]!)),
      (error: Error) => batch.forEach((p) => p.reject(error)),
    );
  }
}
