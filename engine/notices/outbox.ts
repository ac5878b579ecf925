import type { Db } from '../store/db.ts';
import type { NoticeSpec } from './types.ts';

export interface OutboxEntry {
  id: number;
  spec: NoticeSpec;
  createdAt: number;
}

/** Notices waiting to be composed: rows of notice_outbox. */
export class NoticeOutbox {
  constructor(private readonly db: Db) {}

  add(spec: NoticeSpec): number {
    return Number(
      this.db
        .prepare('INSERT INTO notice_outbox (spec, created_at) VALUES (?, ?)')
        .run(JSON.stringify(spec), Date.now()).lastInsertRowid,
    );
  }

  pending(limit: number): OutboxEntry[] {
    const rows = this.db
      .prepare("SELECT id, spec, created_at FROM notice_outbox WHERE state = 'pending' ORDER BY id LIMIT ?")
      .all(limit) as { id: number; spec: string; created_at: number }[];
    return rows.map((row) => ({ id: row.id, spec: JSON.parse(row.spec) as NoticeSpec, createdAt: row.created_at }));
  }

  markQueued(id: number, postId: number): void {
    this.db.prepare("UPDATE notice_outbox SET state = 'queued', post_id = ? WHERE id = ?").run(postId, id);
  }

  markFailed(id: number, error: string): void {
    this.db.prepare("UPDATE notice_outbox SET state = 'failed', error = ? WHERE id = ?").run(error, id);
  }
}
