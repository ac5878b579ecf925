import type { Db } from '../store/db.ts';
import type { Route } from '../store/incoming.ts';

export type MailboxRoute = Extract<Route, { kind: 'mailbox' }>;

export interface MailboxTask {
  id: number;
  incomingId: number;
  route: MailboxRoute;
}

/** Rows of mailbox_tasks: routed recipients waiting for their mailbox handler. */
export class MailboxTasks {
  constructor(private readonly db: Db) {}

  add(incomingId: number, route: MailboxRoute): number {
    return Number(
      this.db
        .prepare('INSERT INTO mailbox_tasks (incoming_id, route, created_at) VALUES (?, ?, ?)')
        .run(incomingId, JSON.stringify(route), Date.now()).lastInsertRowid,
    );
  }

  pending(limit: number): MailboxTask[] {
    const rows = this.db
      .prepare("SELECT id, incoming_id, route FROM mailbox_tasks WHERE state = 'pending' ORDER BY id LIMIT ?")
      .all(limit) as { id: number; incoming_id: number; route: string }[];
    return rows.map((row) => ({ id: row.id, incomingId: row.incoming_id, route: JSON.parse(row.route) as MailboxRoute }));
  }

  finish(id: number, state: 'done' | 'failed', outcome: string): void {
    this.db.prepare('UPDATE mailbox_tasks SET state = ?, outcome = ?, done_at = ? WHERE id = ?').run(state, outcome, Date.now(), id);
  }
}
