import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { migrate } from './migrations/index.ts';

export type Db = Database.Database;

/**
 * Open (or create) the store in a data folder: WAL mode, synchronous=FULL so that a
 * commit survives a power cut before any 250 is sent, foreign keys on, and every
 * migration applied.
 */
export function openDatabase(dataDir: string, options: { migrate?: boolean } = {}): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'lyre.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (options.migrate !== false) migrate(db);
  cacheStatements(db);
  return db;
}

/** Statements kept per connection at most; SQL built from filters has few shapes. */
const maxCachedStatements = 1000;

/**
 * Make `db.prepare` return one statement per SQL text. The repositories prepare
 * their SQL on every call, and compiling a statement costs more than running a small
 * one. Sharing is safe because no caller changes a statement's mode (pluck, raw,
 * expand) or holds one in an iterator.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement) return statement;
    statement = prepare(source);
    if (statements.size < maxCachedStatements) statements.set(source, statement);
    return statement;
  }) as Db['prepare'];
}
