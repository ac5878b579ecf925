import { domainToASCII } from 'node:url';

import { addressKey, splitAddress } from '../mail/address.ts';
import { LyreError } from '../errors.ts';
import type { Db } from './db.ts';

export const memberStatuses = ['normal', 'unconfirmed', 'pending', 'held', 'unsubscribed'] as const;
export type MemberStatus = (typeof memberStatuses)[number];
export const deliveryModes = ['mail', 'digest', 'mimedigest', 'index', 'nomail'] as const;
export type DeliveryMode = (typeof deliveryModes)[number];

export interface Member {
  id: number;
  listId: number;
  email: string;
  domain: string;
  name: string;
  status: MemberStatus;
  mode: DeliveryMode;
  fields: Record<string, string>;
  joinedAt: number;
  statusAt: number;
  bounceCount: number;
  lastBounceAt: number | null;
}

interface MemberRow {
  id: number;
  list_id: number;
  email: string;
  domain: string;
  name: string;
  status: MemberStatus;
  mode: DeliveryMode;
  fields: string;
  joined_at: number;
  status_at: number;
  bounce_count: number;
  last_bounce_at: number | null;
}

function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    listId: row.list_id,
    email: row.email,
    domain: row.domain,
    name: row.name,
    status: row.status,
    mode: row.mode,
    fields: JSON.parse(row.fields) as Record<string, string>,
    joinedAt: row.joined_at,
    statusAt: row.status_at,
    bounceCount: row.bounce_count,
    lastBounceAt: row.last_bounce_at,
  };
}

export interface NewMember {
  email: string;
  name?: string;
  status?: MemberStatus;
  mode?: DeliveryMode;
  fields?: Record<string, string>;
}

export interface MemberQuery {
  listId: number;
  search?: string;
  status?: MemberStatus;
  mode?: DeliveryMode;
  sort?: 'email' | 'name' | 'joined' | 'status';
  descending?: boolean;
  offset?: number;
  limit?: number;
}

const sortColumns = { email: 'email_key', name: 'name', joined: 'joined_at', status: 'status' } as const;

/** Members of lists. Addresses are unique per list by `addressKey`. */
export class MemberStore {
  constructor(private readonly db: Db) {}

  /** Validate an address or throw an error naming it. */
  static checkEmail(email: string): { key: string; domain: string } {
    const key = addressKey(email);
    const split = splitAddress(email);
    if (!key || !split) {
      throw new LyreError('invalid', `Invalid email address ${JSON.stringify(email)}: expected local@domain.`);
    }
    return { key, domain: domainToASCII(split.domain) || split.domain };
  }

  add(listId: number, input: NewMember): Member {
    const { key, domain } = MemberStore.checkEmail(input.email);
    const existing = this.byEmail(listId, input.email);
    if (existing) {
      const list = this.db.prepare('SELECT name FROM lists WHERE id = ?').get(listId) as { name: string } | undefined;
      throw new LyreError(
        'conflict',
        `${input.email} is already a member of ${list?.name ?? `list ${listId}`} (status ${existing.status}).`,
      );
    }
    const now = Date.now();
    const info = this.db
      .prepare(
        `INSERT INTO members (list_id, email, email_key, domain, name, status, mode, fields, joined_at, status_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        listId,
        input.email.trim(),
        key,
        domain,
        input.name ?? '',
        input.status ?? 'normal',
        input.mode ?? 'mail',
        JSON.stringify(input.fields ?? {}),
        now,
        now,
      );
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): Member | undefined {
    const row = this.db.prepare('SELECT * FROM members WHERE id = ?').get(id) as MemberRow | undefined;
    return row ? toMember(row) : undefined;
  }

  byEmail(listId: number, email: string): Member | undefined {
    const key = addressKey(email);
    if (!key) return undefined;
    const row = this.db
      .prepare('SELECT * FROM members WHERE list_id = ? AND email_key = ?')
      .get(listId, key) as MemberRow | undefined;
    return row ? toMember(row) : undefined;
  }

  /** Every membership of an address, on all lists. */
  byEmailEverywhere(email: string): Member[] {
    const key = addressKey(email);
    if (!key) return [];
    return (this.db.prepare('SELECT * FROM members WHERE email_key = ?').all(key) as MemberRow[]).map(toMember);
  }

  query(q: MemberQuery): { total: number; members: Member[] } {
    const where = ['list_id = @listId'];
    const params: Record<string, unknown> = { listId: q.listId };
    if (q.status) {
      where.push('status = @status');
      params.status = q.status;
    }
    if (q.mode) {
      where.push('mode = @mode');
      params.mode = q.mode;
    }
    if (q.search && q.search.trim() !== '') {
      where.push("(email_key LIKE @search ESCAPE '\\' OR name LIKE @search ESCAPE '\\')");
      params.search = `%${q.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT count(*) AS n FROM members WHERE ${clause}`).get(params) as { n: number }).n;
    const order = `${sortColumns[q.sort ?? 'email']} ${q.descending ? 'DESC' : 'ASC'}, id`;
    const rows = this.db
      .prepare(`SELECT * FROM members WHERE ${clause} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: q.limit ?? 50, offset: q.offset ?? 0 }) as MemberRow[];
    return { total, members: rows.map(toMember) };
  }

  update(id: number, changes: { name?: string; mode?: DeliveryMode; status?: MemberStatus }): Member {
    const member = this.get(id);
    if (!member) throw new LyreError('not_found', `Member ${id} not found.`);
    const status = changes.status ?? member.status;
    this.db
      .prepare('UPDATE members SET name = ?, mode = ?, status = ?, status_at = ? WHERE id = ?')
      .run(
        changes.name ?? member.name,
        changes.mode ?? member.mode,
        status,
        status === member.status ? member.statusAt : Date.now(),
        id,
      );
    return this.get(id)!;
  }

  setStatus(id: number, status: MemberStatus): void {
    this.db.prepare('UPDATE members SET status = ?, status_at = ? WHERE id = ? AND status != ?').run(
      status,
      Date.now(),
      id,
      status,
    );
  }

  /** Return a held member to normal delivery with a fresh bounce count; false when the member is not held. */
  reinstate(id: number): boolean {
    return (
      this.db
        .prepare("UPDATE members SET status = 'normal', status_at = ?, bounce_count = 0 WHERE id = ? AND status = 'held'")
        .run(Date.now(), id).changes === 1
    );
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM members WHERE id = ?').run(id);
  }

  count(listId: number, status?: MemberStatus): number {
    const row = status
      ? this.db.prepare('SELECT count(*) AS n FROM members WHERE list_id = ? AND status = ?').get(listId, status)
      : this.db.prepare('SELECT count(*) AS n FROM members WHERE list_id = ?').get(listId);
    return (row as { n: number }).n;
  }

  /** Whether an address may post as a member: subscribed and not unsubscribed or unconfirmed. */
  isPostingMember(listId: number, email: string): boolean {
    const member = this.byEmail(listId, email);
    return member !== undefined && (member.status === 'normal' || member.status === 'held');
  }
}
