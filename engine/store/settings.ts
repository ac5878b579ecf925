import {
  isSettingKey,
  parseSetting,
  settingsSchema,
  type SettingKey,
  type Settings,
  type SettingValue,
} from '../config/schema.ts';
import type { Db } from './db.ts';

/** Server settings in the `settings` table, read through the schema's defaults. */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  get<K extends SettingKey>(key: K): SettingValue<K> {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    if (!row) return settingsSchema[key].default as SettingValue<K>;
    return JSON.parse(row.value) as SettingValue<K>;
  }

  /** Validate and store a value; returns the parsed value. */
  set<K extends SettingKey>(key: K, raw: unknown): SettingValue<K> {
    const value = parseSetting(key, raw);
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), Date.now());
    return value;
  }

  unset(key: SettingKey): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }

  all(): Settings {
    const values = Object.fromEntries(
      Object.entries(settingsSchema).map(([key, d]) => [key, d.default]),
    ) as Record<string, unknown>;
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as {
      key: string;
      value: string;
    }[];
    for (const row of rows) if (isSettingKey(row.key)) values[row.key] = JSON.parse(row.value);
    return values as Settings;
  }
}

/** Key-value facts the server keeps for itself: secrets and its runtime status. */
export class StateStore {
  constructor(private readonly db: Db) {}

  get(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM server_state WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  set(key: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO server_state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, value, Date.now());
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM server_state WHERE key = ?').run(key);
  }

  /** Return the value, creating it with `make` inside one transaction when absent. */
  getOrCreate(key: string, make: () => string): string {
    return this.db.transaction(() => {
      const existing = this.get(key);
      if (existing !== undefined) return existing;
      const value = make();
      this.set(key, value);
      return value;
    }).immediate();
  }
}
