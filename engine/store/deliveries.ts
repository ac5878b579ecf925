import type { Db } from './db.ts';

export type DeliveryStatus = 'queued' | 'deferred' | 'delivered' | 'failed';

export interface Delivery {
  id: number;
  postId: number;
  memberId: number | null;
  rcpt: string;
  domain: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  firstAttemptAt: number | null;
  lastAttemptAt: number | null;
  remoteHost: string | null;
  replyCode: number | null;
  reply: string | null;
}

interface DeliveryRow {
  id: number;
  post_id: number;
  member_id: number | null;
  rcpt: string;
  domain: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  first_attempt_at: number | null;
  last_attempt_at: number | null;
  remote_host: string | null;
  reply_code: number | null;
  reply: string | null;
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    postId: row.post_id,
    memberId: row.member_id,
    rcpt: row.rcpt,
    domain: row.domain,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    firstAttemptAt: row.first_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    remoteHost: row.remote_host,
    replyCode: row.reply_code,
    reply: row.reply,
  };
}

/** A delivery the scheduler holds, with the member's name for the member headers. */
export type ClaimedDelivery = Delivery & { memberName: string };

/** The outcome of one attempt, as the scheduler records it. */
export interface AttemptResult {
  deliveryId: number;
  status: 'delivered' | 'deferred' | 'failed';
  at: number;
  /** When status is deferred: the time of the next attempt. */
  nextAttemptAt?: number;
  remoteHost: string | null;
  replyCode: number | null;
  reply: string | null;
  durationMs: number;
}

export interface DeliveryQuery {
  postId: number;
  status?: DeliveryStatus;
  domain?: string;
  search?: string;
  offset?: number;
  limit?: number;
}

const actionByStatus = { delivered: 'DELIVERED', deferred: 'DEFERRED', failed: 'FAILED' } as const;

export class DeliveryStore {
  constructor(private readonly db: Db) {}

  /**
   * Claim up to `limit` due deliveries, oldest first, marking them held in memory.
   * Claims are cleared at start-up by `releaseClaims`.
   */
  claimDue(now: number, limit: number): ClaimedDelivery[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT d.*, coalesce(m.name, '') AS member_name FROM deliveries d INDEXED BY deliveries_due
           LEFT JOIN members m ON m.id = d.member_id
           WHERE d.status IN ('queued', 'deferred') AND d.claimed = 0 AND d.next_attempt_at <= ?
           ORDER BY d.next_attempt_at, d.id LIMIT ?`,
        )
        .all(now, limit) as (DeliveryRow & { member_name: string })[];
      const claim = this.db.prepare('UPDATE deliveries SET claimed = 1 WHERE id = ?');
      for (const row of rows) claim.run(row.id);
      return rows.map((row) => ({ ...toDelivery(row), memberName: row.member_name }));
    }).immediate();
  }

  /** The earliest time a deferred or queued copy is due, or null when none waits. */
  nextDueAt(): number | null {
    const row = this.db
      .prepare(
        `SELECT min(next_attempt_at) AS at FROM deliveries INDEXED BY deliveries_due
         WHERE status IN ('queued', 'deferred') AND claimed = 0`,
      )
      .get() as { at: number | null };
    return row.at;
  }

  /** Clear every claim; run once when the scheduler starts, before any claim. */
  releaseClaims(): number {
    return this.db.prepare('UPDATE deliveries SET claimed = 0 WHERE claimed = 1').run().changes;
  }

  /** Hand claimed rows back untouched, for example when the scheduler stops. */
  release(ids: number[]): void {
    const release = this.db.prepare('UPDATE deliveries SET claimed = 0 WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) release.run(id);
    })();
  }

  /** Record attempts in one transaction: the delivery row, its event, and claim released. */
  recordMany(results: AttemptResult[], inTransaction?: () => void): void {
    const update = this.db.prepare(
      `UPDATE deliveries SET status = @status, attempts = attempts + 1,
         next_attempt_at = coalesce(@nextAttemptAt, next_attempt_at),
         first_attempt_at = coalesce(first_attempt_at, @at), last_attempt_at = @at,
         remote_host = @remoteHost, reply_code = @replyCode, reply = @reply, claimed = 0
       WHERE id = @deliveryId`,
    );
    const event = this.db.prepare(
      `INSERT INTO delivery_events (delivery_id, at, action, remote_host, reply_code, reply, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const r of results) {
        update.run({ ...r, nextAttemptAt: r.nextAttemptAt ?? null });
        event.run(r.deliveryId, r.at, actionByStatus[r.status], r.remoteHost, r.replyCode, r.reply, r.durationMs);
      }
      inTransaction?.();
    })();
  }

  get(id: number): Delivery | undefined {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
    return row ? toDelivery(row) : undefined;
  }

  query(q: DeliveryQuery): { total: number; deliveries: Delivery[] } {
    const where = ['post_id = @postId'];
    const params: Record<string, unknown> = { postId: q.postId };
    if (q.status) {
      where.push('status = @status');
      params.status = q.status;
    }
    if (q.domain) {
      where.push('domain = @domain');
      params.domain = q.domain.toLowerCase();
    }
    if (q.search) {
      where.push("rcpt LIKE @search ESCAPE '\\'");
      params.search = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT count(*) AS n FROM deliveries WHERE ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM deliveries WHERE ${clause} ORDER BY id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: q.limit ?? 100, offset: q.offset ?? 0 }) as DeliveryRow[];
    return { total, deliveries: rows.map(toDelivery) };
  }

  events(deliveryId: number): { at: number; action: string; remoteHost: string | null; replyCode: number | null; reply: string | null }[] {
    return this.db
      .prepare(
        `SELECT at, action, remote_host AS remoteHost, reply_code AS replyCode, reply
         FROM delivery_events WHERE delivery_id = ? ORDER BY id`,
      )
      .all(deliveryId) as never;
  }

  /** Queue the failed copies of a post again; returns how many. */
  requeueFailed(postId: number): number {
    return this.db
      .prepare(
        `UPDATE deliveries SET status = 'queued', next_attempt_at = ?, first_attempt_at = NULL, claimed = 0
         WHERE post_id = ? AND status = 'failed'`,
      )
      .run(Date.now(), postId).changes;
  }

  /** Copies waiting to be sent, across all posts. */
  queueSize(): number {
    return (
      this.db.prepare("SELECT count(*) AS n FROM deliveries WHERE status IN ('queued', 'deferred')").get() as { n: number }
    ).n;
  }

  /** Attempts per outcome since a time, for rates on the dashboard. */
  countEventsSince(since: number): Record<string, number> {
    const rows = this.db
      .prepare('SELECT action, count(*) AS n FROM delivery_events WHERE at >= ? GROUP BY action')
      .all(since) as { action: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.action, r.n]));
  }
}
