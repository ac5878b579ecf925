import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openDatabase } from '../../engine/store/db.ts';
import { migrate } from '../../engine/store/migrations/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';

test('migration 2 keeps version 1 rows and adds the lifecycle tables', () => {
  const dir = tempDir();
  try {
    const db = openDatabase(dir.path, { migrate: false });
    assert.equal(migrate(db, 1), 1);
    const now = Date.now();
    const listId = Number(
      db.prepare("INSERT INTO lists (name, host, type, created_at, updated_at) VALUES ('team', 'example.org', 'discussion', ?, ?)").run(now, now)
        .lastInsertRowid,
    );
    const memberId = Number(
      db
        .prepare(
          "INSERT INTO members (list_id, email, email_key, domain, status, joined_at, status_at) VALUES (?, 'a@example.org', 'a@example.org', 'example.org', 'unconfirmed', ?, ?)",
        )
        .run(listId, now, now).lastInsertRowid,
    );
    const incomingId = Number(
      db
        .prepare(
          "INSERT INTO incoming_messages (received_at, session_id, client_ip, helo, mail_from, recipients, size, raw) VALUES (?, 's', '127.0.0.1', 'h', 'a@example.org', '[]', 1, x'41')",
        )
        .run(now).lastInsertRowid,
    );
    const before = {
      lists: db.prepare('SELECT * FROM lists').all(),
      members: db.prepare('SELECT * FROM members').all(),
      incoming: db.prepare('SELECT * FROM incoming_messages').all(),
    };

    assert.equal(migrate(db), 2);
    assert.deepEqual(db.prepare('SELECT * FROM lists').all(), before.lists);
    assert.deepEqual(db.prepare('SELECT * FROM members').all(), before.members);
    assert.deepEqual(db.prepare('SELECT * FROM incoming_messages').all(), before.incoming);

    db.prepare('INSERT INTO mailbox_tasks (incoming_id, route, created_at) VALUES (?, ?, ?)').run(incomingId, '{}', now);
    db.prepare(
      "INSERT INTO confirmations (action, list_id, member_id, email_key, requested_by, created_at, expires_at) VALUES ('subscribe', ?, ?, 'a@example.org', 'a@example.org', ?, ?)",
    ).run(listId, memberId, now, now + 1000);
    db.prepare('INSERT INTO notice_outbox (spec, created_at) VALUES (?, ?)').run('{}', now);
    db.prepare("INSERT INTO reply_counts (address_key, day, sent) VALUES ('a@example.org', '2026-01-01', 1)").run();
    db.prepare("INSERT INTO documents (list_id, name, subject, body, updated_at) VALUES (NULL, 'hello', 's', 'b', ?)").run(now);
    db.prepare("INSERT INTO documents (list_id, name, subject, body, updated_at) VALUES (?, 'hello', 's', 'b', ?)").run(listId, now);
    db.prepare('INSERT INTO list_admin_passwords (list_id, hash, updated_at) VALUES (?, ?, ?)').run(listId, 'scrypt$x', now);

    assert.throws(
      () => db.prepare("INSERT INTO documents (list_id, name, subject, body, updated_at) VALUES (NULL, 'hello', 's', 'b', ?)").run(now),
      /UNIQUE/,
      'one server default per document',
    );
    assert.throws(
      () => db.prepare("INSERT INTO confirmations (action, list_id, member_id, email_key, requested_by, created_at, expires_at) VALUES ('join', ?, ?, 'k', 'r', 1, 1)").run(listId, memberId),
      /CHECK/,
    );

    db.prepare('DELETE FROM lists WHERE id = ?').run(listId);
    for (const table of ['confirmations', 'list_admin_passwords']) {
      assert.equal((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, 0, `${table} rows go with their list`);
    }
    assert.equal((db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n, 1, 'the server default stays');
    db.close();
  } finally {
    dir.remove();
  }
});
