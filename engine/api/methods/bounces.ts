import { LyreError } from '../../errors.ts';
import type { HeldMember, MemberStatusValue, DeliveryModeValue } from '../views.ts';
import { requireMember } from './lookup.ts';
import type { Handlers } from './types.ts';

/** Bytes of a returned message shown at most; bounces with whole attachments can be large. */
const maxRawBytes = 256 * 1024;

interface HeldRow {
  id: number;
  listId: number;
  listName: string;
  email: string;
  domain: string;
  name: string;
  status: MemberStatusValue;
  mode: DeliveryModeValue;
  fields: string;
  joinedAt: number;
  statusAt: number;
  bounceCount: number;
  lastBounceAt: number | null;
  lastReason: string | null;
  lastDetail: string | null;
}

export const bounceMethods = {
  'bounces.held': ({ engine }, { listId, search, offset, limit }) => {
    const where = ["m.status = 'held'"];
    const params: Record<string, unknown> = { offset, limit };
    if (listId !== undefined) {
      where.push('m.list_id = @listId');
      params.listId = listId;
    }
    if (search && search.trim() !== '') {
      where.push("(m.email_key LIKE @search ESCAPE '\\' OR m.name LIKE @search ESCAPE '\\')");
      params.search = `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const clause = where.join(' AND ');
    const db = engine.store.db;
    const total = (db.prepare(`SELECT count(*) AS n FROM members m WHERE ${clause}`).get(params) as { n: number }).n;
    const rows = db
      .prepare(
        `SELECT m.id, m.list_id AS listId, l.name AS listName, m.email, m.domain, m.name, m.status, m.mode,
           m.fields, m.joined_at AS joinedAt, m.status_at AS statusAt, m.bounce_count AS bounceCount,
           m.last_bounce_at AS lastBounceAt,
           (SELECT reason FROM bounce_events b WHERE b.member_id = m.id ORDER BY b.id DESC LIMIT 1) AS lastReason,
           (SELECT detail FROM bounce_events b WHERE b.member_id = m.id ORDER BY b.id DESC LIMIT 1) AS lastDetail
         FROM members m JOIN lists l ON l.id = m.list_id
         WHERE ${clause} ORDER BY m.status_at DESC, m.id LIMIT @limit OFFSET @offset`,
      )
      .all(params) as HeldRow[];
    const members: HeldMember[] = rows.map((row) => ({ ...row, fields: JSON.parse(row.fields) as Record<string, string> }));
    return { total, members };
  },

  'bounces.history': ({ engine }, { memberId }) => {
    requireMember(engine.store, memberId);
    return engine.store.bounces.forMember(memberId).map((event) => ({
      id: event.id,
      receivedAt: event.receivedAt,
      source: event.source,
      postId: event.postId,
      rcpt: event.rcpt,
      attributedBy: event.attributedBy,
      kind: event.kind,
      reason: event.reason,
      status: event.status,
      replyCode: event.replyCode,
      detail: event.detail,
      counted: event.counted,
      hasRaw: event.incomingId !== null,
    }));
  },

  'bounces.raw': ({ engine }, { bounceId }) => {
    const row = engine.store.db
      .prepare(
        `SELECT substr(i.raw, 1, ${maxRawBytes}) AS raw, length(i.raw) AS size FROM bounce_events b
         JOIN incoming_messages i ON i.id = b.incoming_id WHERE b.id = ?`,
      )
      .get(bounceId) as { raw: Buffer; size: number } | undefined;
    if (!row) {
      throw new LyreError('not_found', `Bounce ${bounceId} has no stored message; SMTP failures have only the reply text.`);
    }
    return { raw: Buffer.from(row.raw).toString('utf8'), truncated: row.size > maxRawBytes };
  },

  'bounces.reinstate': ({ engine }, { memberId }) => {
    const member = requireMember(engine.store, memberId);
    if (member.status !== 'held') {
      throw new LyreError('conflict', `${member.email} is not held (status ${member.status}); only held members can be reinstated.`);
    }
    engine.store.members.reinstate(memberId);
    engine.log.child({ subsystem: 'api' }).info({ member: memberId, rcpt: member.email, list: member.listId }, 'REINSTATED');
    return requireMember(engine.store, memberId);
  },
} satisfies Partial<Handlers>;
