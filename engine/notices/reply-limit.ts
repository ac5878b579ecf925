import type { Db } from '../store/db.ts';

/** UTC calendar day of a time, as stored in reply_counts. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * Counts automatic replies per address and UTC day. `take` reserves one reply when
 * the address is under the limit; otherwise it records one held back and refuses.
 */
export class ReplyLimit {
  constructor(private readonly db: Db) {}

  take(addressKey: string, limit: number, at = Date.now()): { allowed: boolean; sent: number } {
    const day = utcDay(at);
    const row = this.db
      .prepare('SELECT sent FROM reply_counts WHERE address_key = ? AND day = ?')
      .get(addressKey, day) as { sent: number } | undefined;
    const sent = row?.sent ?? 0;
    const allowed = sent < limit;
    this.db
      .prepare(
        `INSERT INTO reply_counts (address_key, day, sent, held_back) VALUES (?, ?, ?, ?)
         ON CONFLICT (address_key, day) DO UPDATE SET sent = sent + excluded.sent, held_back = held_back + excluded.held_back`,
      )
      .run(addressKey, day, allowed ? 1 : 0, allowed ? 0 : 1);
    return { allowed, sent: allowed ? sent + 1 : sent };
  }

  /** Forget counts of days before `before` (a YYYY-MM-DD day). */
  prune(before: string): number {
    return this.db.prepare('DELETE FROM reply_counts WHERE day < ?').run(before).changes;
  }
}
