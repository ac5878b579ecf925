import type { Db } from './db.ts';

export interface Post {
  id: number;
  kind: 'post' | 'notice';
  listId: number | null;
  incomingId: number | null;
  sender: string;
  subject: string;
  messageId: string | null;
  state: 'fanout' | 'sending' | 'done';
  createdAt: number;
  finishedAt: number | null;
}

export interface PostProgress {
  total: number;
  queued: number;
  deferred: number;
  delivered: number;
  failed: number;
  /** Copies not yet delivered or failed. */
  remaining: number;
}

interface PostRow {
  id: number;
  kind: Post['kind'];
  list_id: number | null;
  incoming_id: number | null;
  sender: string;
  subject: string;
  message_id: string | null;
  state: Post['state'];
  created_at: number;
  finished_at: number | null;
}

function toPost(row: PostRow): Post {
  return {
    id: row.id,
    kind: row.kind,
    listId: row.list_id,
    incomingId: row.incoming_id,
    sender: row.sender,
    subject: row.subject,
    messageId: row.message_id,
    state: row.state,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export class PostStore {
  constructor(private readonly db: Db) {}

  /**
   * Create a post and one queued delivery per member who receives mail (status
   * normal, mode mail), in one transaction: the fan-out is durable as a whole.
   */
  createPost(input: {
    listId: number;
    incomingId: number;
    sender: string;
    subject: string;
    messageId: string | null;
  }): { post: Post; copies: number } {
    return this.db.transaction(() => {
      const now = Date.now();
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO posts (kind, list_id, incoming_id, sender, subject, message_id, state, created_at)
             VALUES ('post', ?, ?, ?, ?, ?, 'sending', ?)`,
          )
          .run(input.listId, input.incomingId, input.sender, input.subject, input.messageId, now)
          .lastInsertRowid,
      );
      const copies = this.db
        .prepare(
          `INSERT INTO deliveries (post_id, member_id, rcpt, domain, status, next_attempt_at)
           SELECT ?, id, email, domain, 'queued', ? FROM members
           WHERE list_id = ? AND status = 'normal' AND mode = 'mail'`,
        )
        .run(id, now, input.listId).changes;
      if (copies === 0) this.markDone(id);
      return { post: this.get(id)!, copies };
    })();
  }

  /** Queue a single composed message (a notice or a command reply) to one address. */
  createNotice(input: {
    listId: number | null;
    rcpt: string;
    domain: string;
    memberId: number | null;
    sender: string;
    subject: string;
    raw: Buffer;
  }): Post {
    return this.db.transaction(() => {
      const now = Date.now();
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO posts (kind, list_id, raw, sender, subject, state, created_at)
             VALUES ('notice', ?, ?, ?, ?, 'sending', ?)`,
          )
          .run(input.listId, input.raw, input.sender, input.subject, now).lastInsertRowid,
      );
      this.db
        .prepare(
          `INSERT INTO deliveries (post_id, member_id, rcpt, domain, status, next_attempt_at)
           VALUES (?, ?, ?, ?, 'queued', ?)`,
        )
        .run(id, input.memberId, input.rcpt, input.domain, now);
      return this.get(id)!;
    })();
  }

  get(id: number): Post | undefined {
    const row = this.db.prepare('SELECT * FROM posts WHERE id = ?').get(id) as PostRow | undefined;
    return row ? toPost(row) : undefined;
  }

  /** The raw message a post's copies are made from: the received post, or a notice's own bytes. */
  raw(id: number): Buffer | undefined {
    const row = this.db
      .prepare(
        `SELECT coalesce(p.raw, i.raw) AS raw FROM posts p
         LEFT JOIN incoming_messages i ON i.id = p.incoming_id WHERE p.id = ?`,
      )
      .get(id) as { raw: Buffer | null } | undefined;
    return row?.raw ?? undefined;
  }

  recent(options: { listId?: number; kind?: Post['kind']; limit?: number; offset?: number } = {}): Post[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.listId !== undefined) {
      where.push('list_id = ?');
      params.push(options.listId);
    }
    if (options.kind) {
      where.push('kind = ?');
      params.push(options.kind);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM posts ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`)
      .all(...params, options.limit ?? 50, options.offset ?? 0) as PostRow[];
    return rows.map(toPost);
  }

  progress(id: number): PostProgress {
    const rows = this.db
      .prepare('SELECT status, count(*) AS n FROM deliveries WHERE post_id = ? GROUP BY status')
      .all(id) as { status: keyof PostProgress; n: number }[];
    const progress: PostProgress = { total: 0, queued: 0, deferred: 0, delivered: 0, failed: 0, remaining: 0 };
    for (const row of rows) {
      progress[row.status] = row.n;
      progress.total += row.n;
    }
    progress.remaining = progress.queued + progress.deferred;
    return progress;
  }

  /** Mark the post done when none of its copies is still waiting; returns whether it is done. */
  finishIfComplete(id: number): boolean {
    const waiting = this.db
      .prepare("SELECT 1 FROM deliveries WHERE post_id = ? AND status IN ('queued', 'deferred') LIMIT 1")
      .get(id);
    if (waiting) return false;
    this.markDone(id);
    return true;
  }

  markDone(id: number): void {
    this.db.prepare("UPDATE posts SET state = 'done', finished_at = ? WHERE id = ? AND state != 'done'").run(Date.now(), id);
  }

  reopen(id: number): void {
    this.db.prepare("UPDATE posts SET state = 'sending', finished_at = NULL WHERE id = ?").run(id);
  }
}
