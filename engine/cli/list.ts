import { readFileSync } from 'node:fs';

import type { Command } from 'commander';
import { z } from 'zod';

import { setListAdminPassword } from '../commands/auth.ts';
import { describeIssue } from '../config/describe-issue.ts';
import { LyreError } from '../errors.ts';
import { listSettingsSchema, listTypes, type ListType } from '../lists/settings.ts';
import type { List } from '../store/lists.ts';
import type { Store } from '../store/index.ts';
import { output, table, usageError, withStore } from './context.ts';

/** "subject-prefix" and "subjectPrefix" name the same setting. */
function camel(key: string): string {
  return key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Unwrap defaults, prefaults and optionals to the schema that parses a value. */
function innerSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodOptional) {
    current = (current as unknown as { def: { innerType: z.ZodType } }).def.innerType;
  }
  return current;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Every settable key, nested ones dotted, as `lyre list set` accepts them. */
function settableKeys(schema: z.ZodType = listSettingsSchema, prefix = ''): string[] {
  const object = innerSchema(schema);
  if (!(object instanceof z.ZodObject)) return [prefix.slice(0, -1)];
  return Object.entries(object.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
    settableKeys(child, `${prefix}${kebab(key)}.`),
  );
}

/** Convert command-line text to the type a settings schema expects: lists are comma-separated. */
function coerce(schema: z.ZodType, text: string): unknown {
  const inner = innerSchema(schema);
  if (inner instanceof z.ZodArray) return text.trim() === '' ? [] : text.split(',').map((s) => s.trim());
  if (inner instanceof z.ZodNumber) return Number(text);
  if (inner instanceof z.ZodBoolean) return text === 'true' || text === 'yes' || text === 'on';
  return text;
}

/** Short names accepted for settings: `lyre list set LIST join confirm`. */
const settingAliases: Record<string, string> = { join: 'joinPolicy' };

/** Set one list setting by a dotted, camel- or kebab-case key; returns the list's new settings. */
export function setListSetting(store: Store, list: List, rawKey: string, value: string): List {
  const path = rawKey.split('.').map(camel).map((part, index) => (index === 0 ? (settingAliases[part] ?? part) : part));
  if (path.length === 1 && path[0] === 'host') return store.lists.update(list.id, { host: value });
  if (path.length === 1 && path[0] === 'type') {
    if (!listTypes.includes(value as ListType)) usageError(`Invalid type ${JSON.stringify(value)}: use discussion or announcement.`);
    return store.lists.update(list.id, { type: value as ListType });
  }

  let schema: z.ZodType = listSettingsSchema;
  for (const part of path) {
    const object = innerSchema(schema);
    const shape = object instanceof z.ZodObject ? (object.shape as Record<string, z.ZodType>) : undefined;
    if (!shape || !shape[part]) {
      const known = ['host', 'type', ...settableKeys()].join(', ');
      throw new LyreError('invalid', `Unknown list setting ${JSON.stringify(rawKey)}; known settings: ${known}.`);
    }
    schema = shape[part]!;
  }
  const parsed = schema.safeParse(coerce(schema, value));
  if (!parsed.success) {
    throw new LyreError('invalid', `Invalid value ${JSON.stringify(value)} for ${rawKey}: ${describeIssue(parsed.error.issues[0])}.`);
  }

  const settings = structuredClone(list.settings) as Record<string, unknown>;
  let target = settings;
  for (const part of path.slice(0, -1)) {
    target[part] = { ...((target[part] as Record<string, unknown> | undefined) ?? {}) };
    target = target[part] as Record<string, unknown>;
  }
  target[path[path.length - 1]!] = parsed.data;
  return store.lists.update(list.id, { settings });
}

function describe(store: Store, list: List): string {
  return [
    `${list.name}@${list.host} (${list.type})`,
    `  members: ${store.members.count(list.id)} (${store.members.count(list.id, 'normal')} receiving)`,
    ...Object.entries(list.settings).map(([k, v]) => `  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
  ].join('\n');
}

export function registerListCommands(program: Command): void {
  const list = program.command('list').description('create, show, change and delete lists');

  list
    .command('create <name>')
    .description('create a list')
    .requiredOption('--host <host>', 'host name of the list address, for example lists.example.org')
    .option('--type <type>', 'discussion (members post) or announcement (designated senders post)', 'discussion')
    .action(async (name: string, options: { host: string; type: string }, command: Command) => {
      if (!listTypes.includes(options.type as ListType)) {
        usageError(`Invalid --type ${JSON.stringify(options.type)}: use discussion or announcement.`);
      }
      await withStore(command, (store) => {
        const created = store.lists.create({ name, host: options.host, type: options.type as ListType });
        output(command, created, () => `Created ${created.name}@${created.host} (${created.type}).`);
      });
    });

  list
    .command('show [name]')
    .description('show one list and its settings, or all lists')
    .action(async (name: string | undefined, _options, command: Command) => {
      await withStore(command, (store) => {
        if (name) {
          const found = store.lists.require(name);
          output(command, { ...found, members: store.members.count(found.id) }, () => describe(store, found));
          return;
        }
        const lists = store.lists.all().map((l) => ({ ...l, members: store.members.count(l.id) }));
        output(command, lists, () =>
          lists.length === 0
            ? 'No lists yet. Create one with `lyre list create NAME --host HOST`.'
            : table(['NAME', 'ADDRESS', 'TYPE', 'MEMBERS'], lists.map((l) => [l.name, `${l.name}@${l.host}`, l.type, l.members])),
        );
      });
    });

  list
    .command('set <name> <key> [value]')
    .description(
      'change a list setting (host, type, join, subject-prefix, posters, ...); lists are comma-separated. ' +
        'admin-password sets the password of the email "login" command, read from standard input when no value is given',
    )
    .action(async (name: string, key: string, value: string | undefined, _options, command: Command) => {
      if (camel(key) === 'adminPassword') {
        const password = value === undefined || value === '-' ? readFileSync(0, 'utf8').split(/\r?\n/)[0]! : value;
        await withStore(command, async (store) => {
          const found = store.lists.require(name);
          await setListAdminPassword(store, found, password);
          output(command, { list: found.name, adminPassword: 'set' }, () => `Set the administrator password of ${found.name}.`);
        });
        return;
      }
      if (value === undefined) usageError(`Missing value: lyre list set ${name} ${key} VALUE.`);
      await withStore(command, (store) => {
        const updated = setListSetting(store, store.lists.require(name), key, value);
        output(command, updated, () => `Set ${key} of ${updated.name}.`);
      });
    });

  list
    .command('delete <name>')
    .description('delete a list with its members and delivery history')
    .action(async (name: string, _options, command: Command) => {
      await withStore(command, (store) => {
        const found = store.lists.require(name);
        store.lists.delete(found.id);
        output(command, { deleted: found.name }, () => `Deleted ${found.name}.`);
      });
    });
}
