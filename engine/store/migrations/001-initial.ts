import type { Migration } from './index.ts';

/** The first schema: lists, members, intake, posts, deliveries, bounces and settings. */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL, -- JSON
      updated_at INTEGER NOT NULL
    );

    -- Secrets and runtime facts the server shares with the command line.
    CREATE TABLE server_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE lists (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      host TEXT NOT NULL COLLATE NOCASE,
      type TEXT NOT NULL CHECK (type IN ('discussion', 'announcement')),
      settings TEXT NOT NULL DEFAULT '{}', -- JSON, validated by engine/lists/settings.ts
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE members (
      id INTEGER PRIMARY KEY,
      list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
      email TEXT NOT NULL,           -- as the member wrote it
      email_key TEXT NOT NULL,       -- local part exact, domain lowercased
      domain TEXT NOT NULL,          -- lowercased, for per-domain views
      name TEXT NOT NULL DEFAULT '',
      status TEXT NOT NULL CHECK (status IN
        ('normal', 'unconfirmed', 'pending', 'held', 'unsubscribed')),
      mode TEXT NOT NULL DEFAULT 'mail' CHECK (mode IN
        ('mail', 'digest', 'mimedigest', 'index', 'nomail')),
      fields TEXT NOT NULL DEFAULT '{}', -- JSON of extra import columns
      joined_at INTEGER NOT NULL,
      status_at INTEGER NOT NULL,
      bounce_count INTEGER NOT NULL DEFAULT 0,
      last_bounce_at INTEGER,
      UNIQUE (list_id, email_key)
    );
    CREATE INDEX members_list_status ON members (list_id, status, mode);

    CREATE TABLE incoming_messages (
      id INTEGER PRIMARY KEY,
      received_at INTEGER NOT NULL,
      session_id TEXT NOT NULL,
      client_ip TEXT NOT NULL,
      helo TEXT NOT NULL,
      mail_from TEXT NOT NULL,
      recipients TEXT NOT NULL, -- JSON array of routed recipients
      size INTEGER NOT NULL,
      message_id TEXT,
      raw BLOB NOT NULL,
      state TEXT NOT NULL DEFAULT 'accepted' CHECK (state IN
        ('accepted', 'processed', 'shunted')),
      error TEXT,
      stage TEXT
    );
    CREATE INDEX incoming_state ON incoming_messages (state);

    CREATE TABLE posts (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('post', 'notice')),
      list_id INTEGER REFERENCES lists(id) ON DELETE SET NULL,
      incoming_id INTEGER REFERENCES incoming_messages(id),
      raw BLOB,                      -- for notices: the composed message
      sender TEXT NOT NULL,          -- the author's address
      subject TEXT NOT NULL DEFAULT '',
      message_id TEXT,
      state TEXT NOT NULL CHECK (state IN ('fanout', 'sending', 'done')),
      created_at INTEGER NOT NULL,
      finished_at INTEGER
    );
    CREATE INDEX posts_list ON posts (list_id, created_at);

    CREATE TABLE deliveries (
      id INTEGER PRIMARY KEY,
      post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
      member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
      rcpt TEXT NOT NULL,
      domain TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'deferred', 'delivered', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      first_attempt_at INTEGER,
      last_attempt_at INTEGER,
      remote_host TEXT,
      reply_code INTEGER,
      reply TEXT,
      -- 1 while the scheduler holds the row in memory; cleared at start-up, so a crash
      -- re-sends at most what was in flight.
      claimed INTEGER NOT NULL DEFAULT 0,
      UNIQUE (post_id, member_id)
    );
    CREATE INDEX deliveries_due ON deliveries (next_attempt_at)
      WHERE status IN ('queued', 'deferred') AND claimed = 0;
    CREATE INDEX deliveries_post ON deliveries (post_id, status);

    CREATE TABLE delivery_events (
      id INTEGER PRIMARY KEY,
      delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('QUEUED', 'DELIVERED', 'DEFERRED', 'FAILED')),
      remote_host TEXT,
      reply_code INTEGER,
      reply TEXT,
      duration_ms INTEGER
    );
    CREATE INDEX delivery_events_delivery ON delivery_events (delivery_id);
    CREATE INDEX delivery_events_at ON delivery_events (at);

    CREATE TABLE bounce_events (
      id INTEGER PRIMARY KEY,
      received_at INTEGER NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('dsn', 'smtp')),
      incoming_id INTEGER REFERENCES incoming_messages(id) ON DELETE SET NULL,
      delivery_id INTEGER REFERENCES deliveries(id) ON DELETE SET NULL,
      list_id INTEGER REFERENCES lists(id) ON DELETE CASCADE,
      member_id INTEGER REFERENCES members(id) ON DELETE CASCADE,
      post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
      rcpt TEXT,
      attributed_by TEXT NOT NULL, -- token, member-header, dsn-recipient, report, smtp, none
      kind TEXT,                   -- hard, soft, or NULL until classified
      reason TEXT,
      status TEXT,
      reply_code INTEGER,
      detail TEXT,
      counted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX bounce_events_member ON bounce_events (member_id, received_at);
    CREATE INDEX bounce_events_at ON bounce_events (received_at);
  `,
};
