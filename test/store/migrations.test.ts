import assert from 'node:assert/strict';
import { test } from 'node:test';

import Database from 'better-sqlite3';

import { migrate, migrations } from '../../engine/store/migrations/index.ts';
import { openDatabase } from '../../engine/store/db.ts';
import { tempDir } from '../helpers/temp-dir.ts';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

test('migration 1 creates the initial schema', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  assert.equal(migrate(db, 1), 1);
  for (const name of ['settings', 'server_state', 'lists', 'members', 'incoming_messages', 'posts', 'deliveries', 'delivery_events', 'bounce_events']) {
    assert.ok(tables(db).includes(name), `table ${name}`);
  }
  const now = Date.now();
  const list = db.prepare("INSERT INTO lists (name, host, type, created_at, updated_at) VALUES ('team', 'example.org', 'discussion', ?, ?)").run(now, now);
  db.prepare(
    "INSERT INTO members (list_id, email, email_key, domain, status, joined_at, status_at) VALUES (?, 'A@Example.org', 'A@example.org', 'example.org', 'normal', ?, ?)",
  ).run(list.lastInsertRowid, now, now);
  assert.throws(
    () =>
      db
        .prepare("INSERT INTO members (list_id, email, email_key, domain, status, joined_at, status_at) VALUES (?, 'x', 'A@example.org', 'x', 'normal', ?, ?)")
        .run(list.lastInsertRowid, now, now),
    /UNIQUE/,
  );
  assert.throws(
    () => db.prepare("INSERT INTO lists (name, host, type, created_at, updated_at) VALUES ('TEAM', 'x', 'discussion', 1, 1)").run(),
    /UNIQUE/,
    'list names are unique without regard to case',
  );
});

test('every migration applies in order to the latest version', () => {
  const dir = tempDir();
  try {
    const db = openDatabase(dir.path);
    assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 2, 'synchronous=FULL');
    db.close();
    const again = openDatabase(dir.path);
    assert.equal(again.pragma('user_version', { simple: true }), migrations.length, 'reopening changes nothing');
    again.close();
  } finally {
    dir.remove();
  }
});

test('newer schema is refused with advice', () => {
  const db = new Database(':memory:');
  db.pragma(`user_version = ${migrations.length + 1}`);
  assert.throws(() => migrate(db), /newer than this Lyre.*upgrade Lyre or use another data folder/);
});
