import type { Db } from './db.ts';

export interface NewBounceEvent {
  source: 'dsn' | 'smtp';
  incomingId?: number | null;
  deliveryId?: number | null;
  listId?: number | null;
  memberId?: number | null;
  postId?: number | null;
  rcpt?: string | null;
  attributedBy: 'token' | 'member-header' | 'dsn-recipient' | 'report' | 'smtp' | 'none';
  kind?: 'hard' | 'soft' | null;
  reason?: string | null;
  status?: string | null;
  replyCode?: number | null;
  detail?: string | null;
  counted?: boolean;
}

export interface BounceEvent extends Required<Omit<NewBounceEvent, 'counted'>> {
  id: number;
  receivedAt: number;
  counted: boolean;
}

export class BounceStore {
  constructor(private readonly db: Db) {}

  insert(e: NewBounceEvent): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO bounce_events (received_at, source, incoming_id, delivery_id, list_id, member_id, post_id,
             rcpt, attributed_by, kind, reason, status, reply_code, detail, counted)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          Date.now(),
          e.source,
          e.incomingId ?? null,
          e.deliveryId ?? null,
          e.listId ?? null,
          e.memberId ?? null,
          e.postId ?? null,
          e.rcpt ?? null,
          e.attributedBy,
          e.kind ?? null,
          e.reason ?? null,
          e.status ?? null,
          e.replyCode ?? null,
          e.detail ?? null,
          e.counted ? 1 : 0,
        ).lastInsertRowid,
    );
  }

  forMember(memberId: number): BounceEvent[] {
    return (
      this.db
        .prepare(
          `SELECT id, received_at AS receivedAt, source, incoming_id AS incomingId, delivery_id AS deliveryId,
             list_id AS listId, member_id AS memberId, post_id AS postId, rcpt, attributed_by AS attributedBy,
             kind, reason, status, reply_code AS replyCode, detail, counted
           FROM bounce_events WHERE member_id = ? ORDER BY id DESC`,
        )
        .all(memberId) as (Omit<BounceEvent, 'counted'> & { counted: number })[]
    ).map((e) => ({ ...e, counted: Boolean(e.counted) }));
  }

  countSince(since: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM bounce_events WHERE received_at >= ?').get(since) as { n: number }).n;
  }
}
