import type Database from 'better-sqlite3';

import { migration001 } from './001-initial.ts';
import { migration002 } from './002-member-lifecycle.ts';

/** A numbered schema change; `up` is SQL or a function run inside the migration's transaction. */
export interface Migration {
  version: number;
  name: string;
  up: string | ((db: Database.Database) => void);
}

/** Every migration in order. Append new ones; never edit one that has shipped. */
export const migrations: Migration[] = [migration001, migration002];

/** Apply each migration above the database's `user_version`, one transaction each. */
export function migrate(db: Database.Database, target = migrations.length): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `Database schema version ${current} is newer than this Lyre (${migrations.length}); ` +
        'upgrade Lyre or use another data folder.',
    );
  }
  for (const migration of migrations.slice(current, target)) {
    db.transaction(() => {
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
