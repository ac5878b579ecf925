import {
  listNamePattern,
  listSettingsSchema,
  listTypes,
  parseListSettings,
  reservedNames,
  type ListSettings,
  type ListType,
} from '../lists/settings.ts';
import { LyreError } from '../errors.ts';
import type { Db } from './db.ts';

export interface List {
  id: number;
  name: string;
  host: string;
  type: ListType;
  settings: ListSettings;
  createdAt: number;
  updatedAt: number;
}

interface ListRow {
  id: number;
  name: string;
  host: string;
  type: ListType;
  settings: string;
  created_at: number;
  updated_at: number;
}

function toList(row: ListRow): List {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    type: row.type,
    settings: parseListSettings(row.settings),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Validate a list name, or throw a message naming it and the rule. */
export function checkListName(name: string): void {
  if (!listNamePattern.test(name)) {
    throw new LyreError(
      'invalid',
      `Invalid list name ${JSON.stringify(name)}: use 1-64 letters, digits, ".", "-" or "_", starting with a letter or digit.`,
    );
  }
  const lower = name.toLowerCase();
  if (reservedNames.has(lower) || /^(bounce|confirm|leave|join|unsubscribe|owner)-/.test(lower) ||
      /-(request|owner|join|leave|subscribe|unsubscribe)$/.test(lower)) {
    throw new LyreError(
      'invalid',
      `Invalid list name ${JSON.stringify(name)}: it is or looks like one of Lyre's own addresses; choose another.`,
    );
  }
}

export class ListStore {
  constructor(private readonly db: Db) {}

  create(input: { name: string; host: string; type?: ListType; settings?: Partial<ListSettings> }): List {
    checkListName(input.name);
    const host = input.host.trim().toLowerCase();
    if (!/^[a-z0-9.-]+$/i.test(host) && !/^[^\s@]+$/.test(host)) {
      throw new LyreError('invalid', `Invalid host ${JSON.stringify(input.host)}: give a domain name such as lists.example.org.`);
    }
    const type = input.type ?? 'discussion';
    if (!listTypes.includes(type)) {
      throw new LyreError('invalid', `Invalid list type ${JSON.stringify(type)}: use discussion or announcement.`);
    }
    if (this.byName(input.name)) {
      throw new LyreError('conflict', `A list named ${input.name} already exists; choose another name.`);
    }
    const settings = listSettingsSchema.parse(input.settings ?? {});
    const now = Date.now();
    const info = this.db
      .prepare(
        'INSERT INTO lists (name, host, type, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(input.name, host, type, JSON.stringify(settings), now, now);
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): List | undefined {
    const row = this.db.prepare('SELECT * FROM lists WHERE id = ?').get(id) as ListRow | undefined;
    return row ? toList(row) : undefined;
  }

  byName(name: string): List | undefined {
    const row = this.db.prepare('SELECT * FROM lists WHERE name = ?').get(name) as ListRow | undefined;
    return row ? toList(row) : undefined;
  }

  /** The list, or a not-found error that says how to see the lists. */
  require(name: string): List {
    const list = this.byName(name);
    if (!list) {
      throw new LyreError('not_found', `List ${JSON.stringify(name)} not found; \`lyre list show\` lists them.`);
    }
    return list;
  }

  all(): List[] {
    return (this.db.prepare('SELECT * FROM lists ORDER BY name').all() as ListRow[]).map(toList);
  }

  update(id: number, changes: { host?: string; type?: ListType; settings?: Partial<ListSettings> }): List {
    const list = this.get(id);
    if (!list) throw new LyreError('not_found', `List ${id} not found.`);
    const settings = listSettingsSchema.parse({ ...list.settings, ...changes.settings });
    const type = changes.type ?? list.type;
    if (!listTypes.includes(type)) {
      throw new LyreError('invalid', `Invalid list type ${JSON.stringify(type)}: use discussion or announcement.`);
    }
    this.db
      .prepare('UPDATE lists SET host = ?, type = ?, settings = ?, updated_at = ? WHERE id = ?')
      .run((changes.host ?? list.host).toLowerCase(), type, JSON.stringify(settings), Date.now(), id);
    return this.get(id)!;
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM lists WHERE id = ?').run(id);
  }
}
