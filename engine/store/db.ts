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
  return db;
}
