import type { Db } from './db.ts';

/** Where intake routed one recipient during RCPT TO. */
export type Route =
  | { kind: 'post'; address: string; listId: number }
  | {
      kind: 'bounce';
      address: string;
      postId: number;
      memberId: number;
      verified: boolean;
      /** The token as received; absent for a report that reached Lyre without one. */
      token?: string;
    }
  | { kind: 'leave'; address: string; memberId: number }
  | {
      kind: 'mailbox';
      address: string;
      mailbox: Mailbox;
      /** The list of a list mailbox (LIST-request, LIST-join, ...); null for server mailboxes. */
      listId: number | null;
      /** For the confirm mailbox: the confirmation request its signed token names. */
      confirmationId?: number;
    };

/** Lyre's own mailboxes besides posts and bounces, handled by engine/commands. */
export type Mailbox = 'commands' | 'join' | 'leave' | 'owner' | 'confirm' | 'unhold' | 'purge' | 'help';

export interface IncomingMessage {
  id: number;
  receivedAt: number;
  sessionId: string;
  clientIp: string;
  helo: string;
  mailFrom: string;
  recipients: Route[];
  size: number;
  messageId: string | null;
  raw: Buffer;
  state: 'accepted' | 'processed' | 'shunted';
}

export interface NewIncoming {
  sessionId: string;
  clientIp: string;
  helo: string;
  mailFrom: string;
  recipients: Route[];
  messageId: string | null;
  raw: Buffer;
}

interface IncomingRow {
  id: number;
  received_at: number;
  session_id: string;
  client_ip: string;
  helo: string;
  mail_from: string;
  recipients: string;
  size: number;
  message_id: string | null;
  raw: Buffer;
  state: IncomingMessage['state'];
}

function toIncoming(row: IncomingRow): IncomingMessage {
  return {
    id: row.id,
    receivedAt: row.received_at,
    sessionId: row.session_id,
    clientIp: row.client_ip,
    helo: row.helo,
    mailFrom: row.mail_from,
    recipients: JSON.parse(row.recipients) as Route[],
    size: row.size,
    messageId: row.message_id,
    raw: row.raw,
    state: row.state,
  };
}

/** Messages as received, raw bytes kept, each routed recipient recorded. */
export class IncomingStore {
  constructor(private readonly db: Db) {}

  /** Insert messages in one transaction, so one fsync covers every message in the batch. */
  insertMany(messages: NewIncoming[]): number[] {
    const insert = this.db.prepare(
      `INSERT INTO incoming_messages
         (received_at, session_id, client_ip, helo, mail_from, recipients, size, message_id, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.db.transaction(() =>
      messages.map((m) =>
        Number(
          insert.run(
            Date.now(),
            m.sessionId,
            m.clientIp,
            m.helo,
            m.mailFrom,
            JSON.stringify(m.recipients),
            m.raw.length,
            m.messageId,
            m.raw,
          ).lastInsertRowid,
        ),
      ),
    )();
  }

  get(id: number): IncomingMessage | undefined {
    const row = this.db.prepare('SELECT * FROM incoming_messages WHERE id = ?').get(id) as IncomingRow | undefined;
    return row ? toIncoming(row) : undefined;
  }

  /** Ids of messages accepted but not yet processed, oldest first. */
  pendingIds(limit = 100): number[] {
    return (
      this.db
        .prepare("SELECT id FROM incoming_messages WHERE state = 'accepted' ORDER BY id LIMIT ?")
        .all(limit) as { id: number }[]
    ).map((r) => r.id);
  }

  markProcessed(id: number): void {
    this.db.prepare("UPDATE incoming_messages SET state = 'processed' WHERE id = ?").run(id);
  }

  /** Park a message that failed in a stage, with the stage and the error, for an administrator. */
  shunt(id: number, stage: string, error: string): void {
    this.db
      .prepare("UPDATE incoming_messages SET state = 'shunted', stage = ?, error = ? WHERE id = ?")
      .run(stage, error, id);
  }
}
