import type { IncomingStore, NewIncoming } from '../store/incoming.ts';

interface Pending {
  message: NewIncoming;
  resolve: (id: number) => void;
  reject: (error: Error) => void;
}

/**
 * Commits received messages in groups: every message whose data ended in the same
 * turn of the event loop goes into one transaction, so one fsync covers them all.
 * Each caller's promise resolves with the message's id only after that commit, which
 * is when intake may answer 250.
 */
export class CommitQueue {
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(private readonly incoming: IncomingStore) {}

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
    try {
      const ids = this.incoming.insertMany(batch.map((p) => p.message));
      batch.forEach((p, i) => p.resolve(ids[i]!));
    } catch (error) {
      for (const p of batch) p.reject(error as Error);
    }
  }
}
