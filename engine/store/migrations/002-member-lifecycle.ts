import type { Migration } from './index.ts';

/**
 * Tables of the subscription lifecycle and the email command processor: messages
 * waiting for a command mailbox, confirmation requests, composed-later notices, the
 * per-address reply counter, list documents and list administrator passwords.
 */
export const migration002: Migration = {
  version: 2,
  name: 'member-lifecycle',
  up: `
    -- One row per recipient routed to one of Lyre's own mailboxes (commands, join,
    -- leave, owner, confirm, unhold, purge, help), handled after the message is stored.
    CREATE TABLE mailbox_tasks (
      id INTEGER PRIMARY KEY,
      incoming_id INTEGER NOT NULL REFERENCES incoming_messages(id) ON DELETE CASCADE,
      route TEXT NOT NULL,           -- JSON of the routed recipient
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
      created_at INTEGER NOT NULL,
      done_at INTEGER,
      outcome TEXT                   -- what was done, or the error of a failed task
    );
    CREATE INDEX mailbox_tasks_pending ON mailbox_tasks (id) WHERE state = 'pending';

    -- A request that waits for the address owner's confirmation (double opt-in, or an
    -- unsubscription asked for by another address).
    CREATE TABLE confirmations (
      id INTEGER PRIMARY KEY,
      action TEXT NOT NULL CHECK (action IN ('subscribe', 'unsubscribe')),
      list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
      member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
      email_key TEXT NOT NULL,       -- the address to confirm, as members.email_key
      requested_by TEXT NOT NULL,    -- who asked: an address, or 'admin'
      previous_status TEXT,          -- member status restored on expiry; NULL when the row was made for the request
      welcome INTEGER NOT NULL DEFAULT 1,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'expired', 'cancelled')),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      decided_at INTEGER
    );
    CREATE INDEX confirmations_pending_address ON confirmations (email_key) WHERE state = 'pending';
    CREATE INDEX confirmations_pending_expiry ON confirmations (expires_at) WHERE state = 'pending';

    -- Notices decided inside a transaction and composed afterwards, then queued as posts.
    CREATE TABLE notice_outbox (
      id INTEGER PRIMARY KEY,
      spec TEXT NOT NULL,            -- JSON of engine/notices/types.ts NoticeSpec
      created_at INTEGER NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'failed')),
      post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
      error TEXT
    );
    CREATE INDEX notice_outbox_pending ON notice_outbox (id) WHERE state = 'pending';

    -- Automatic replies per address and UTC day, for the daily reply limit.
    CREATE TABLE reply_counts (
      address_key TEXT NOT NULL,
      day TEXT NOT NULL,             -- YYYY-MM-DD in UTC
      sent INTEGER NOT NULL DEFAULT 0,
      held_back INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (address_key, day)
    );

    -- Texts sent to members: a list's own, or the server-wide default (list_id NULL).
    CREATE TABLE documents (
      id INTEGER PRIMARY KEY,
      list_id INTEGER REFERENCES lists(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      subject TEXT NOT NULL,
      body TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX documents_list_name ON documents (coalesce(list_id, 0), name);

    -- scrypt hashes of the password that email "login" checks for a list.
    CREATE TABLE list_admin_passwords (
      list_id INTEGER PRIMARY KEY REFERENCES lists(id) ON DELETE CASCADE,
      hash TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
  `,
};
