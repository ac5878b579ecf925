import type { Db } from '../../store/db.ts';
import type { MemberStatus } from '../../store/members.ts';

export type ConfirmationAction = 'subscribe' | 'unsubscribe';
export type ConfirmationState = 'pending' | 'confirmed' | 'expired' | 'cancelled';

/** A request that waits for the owner of an address to confirm it. */
export interface Confirmation {
  id: number;
  action: ConfirmationAction;
  listId: number;
  memberId: number;
  emailKey: string;
  /** The address that asked, or "admin". */
  requestedBy: string;
  /** The member's status before the request, restored when it expires; null when the member row was made for it. */
  previousStatus: MemberStatus | null;
  /** Whether the hello document follows a confirmed subscription. */
  welcome: boolean;
  state: ConfirmationState;
  createdAt: number;
  expiresAt: number;
  decidedAt: number | null;
}

interface ConfirmationRow {
  id: number;
  action: ConfirmationAction;
  list_id: number;
  member_id: number;
  email_key: string;
  requested_by: string;
  previous_status: MemberStatus | null;
  welcome: number;
  state: ConfirmationState;
  created_at: number;
  expires_at: number;
  decided_at: number | null;
}

function toConfirmation(row: ConfirmationRow): Confirmation {
  return {
    id: row.id,
    action: row.action,
    listId: row.list_id,
    memberId: row.member_id,
    emailKey: row.email_key,
    requestedBy: row.requested_by,
    previousStatus: row.previous_status,
    welcome: row.welcome === 1,
    state: row.state,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    decidedAt: row.decided_at,
  };
}

export interface NewConfirmation {
  action: ConfirmationAction;
  listId: number;
  memberId: number;
  emailKey: string;
  requestedBy: string;
  previousStatus: MemberStatus | null;
  welcome: boolean;
  expiresAt: number;
}

/** Rows of the confirmations table. */
export class ConfirmationStore {
  constructor(private readonly db: Db) {}

  create(input: NewConfirmation): Confirmation {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO confirmations
             (action, list_id, member_id, email_key, requested_by, previous_status, welcome, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.action,
          input.listId,
          input.memberId,
          input.emailKey,
          input.requestedBy,
          input.previousStatus,
          input.welcome ? 1 : 0,
          Date.now(),
          input.expiresAt,
        ).lastInsertRowid,
    );
    return this.get(id)!;
  }

  get(id: number): Confirmation | undefined {
    const row = this.db.prepare('SELECT * FROM confirmations WHERE id = ?').get(id) as ConfirmationRow | undefined;
    return row ? toConfirmation(row) : undefined;
  }

  /** Pending requests of an address, oldest first. */
  pendingFor(emailKey: string, action?: ConfirmationAction): Confirmation[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM confirmations WHERE state = 'pending' AND email_key = ?
         AND (? IS NULL OR action = ?) ORDER BY id`,
      )
      .all(emailKey, action ?? null, action ?? null) as ConfirmationRow[];
    return rows.map(toConfirmation);
  }

  pendingForMember(memberId: number, action: ConfirmationAction): Confirmation | undefined {
    const row = this.db
      .prepare("SELECT * FROM confirmations WHERE state = 'pending' AND member_id = ? AND action = ? ORDER BY id DESC LIMIT 1")
      .get(memberId, action) as ConfirmationRow | undefined;
    return row ? toConfirmation(row) : undefined;
  }

  /** Pending requests whose expiry time has passed. */
  expiredBy(now: number): Confirmation[] {
    const rows = this.db
      .prepare("SELECT * FROM confirmations WHERE state = 'pending' AND expires_at <= ? ORDER BY id")
      .all(now) as ConfirmationRow[];
    return rows.map(toConfirmation);
  }

  decide(id: number, state: Exclude<ConfirmationState, 'pending'>): void {
    this.db.prepare("UPDATE confirmations SET state = ?, decided_at = ? WHERE id = ? AND state = 'pending'").run(state, Date.now(), id);
  }
}
