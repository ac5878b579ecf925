import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { Command } from 'commander';

import { defaultDataDir } from '../config/paths.ts';
import { LyreError } from '../errors.ts';
import { Store } from '../store/index.ts';

export interface GlobalOptions {
  data?: string;
  json?: boolean;
}

/** The options of the command and of every parent, so `--data` works before or after the verb. */
export function optionsOf(command: Command): GlobalOptions & Record<string, unknown> {
  return command.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
}

export function dataDirOf(command: Command): string {
  return optionsOf(command).data ?? defaultDataDir();
}

/** Open the store of the command's data folder, run `work`, and close it. */
export async function withStore<T>(command: Command, work: (store: Store) => T | Promise<T>): Promise<T> {
  const dataDir = dataDirOf(command);
  if (!existsSync(join(dataDir, 'lyre.db'))) {
    // A mistyped --data would otherwise look like an empty server.
    process.stderr.write(`lyre: note: ${dataDir} held no Lyre data; a new, empty data folder was created there.\n`);
  }
  const store = Store.open(dataDir);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/** Print a result: JSON with --json, else the text the command renders. */
export function output(command: Command, value: unknown, text: () => string): void {
  if (optionsOf(command).json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else process.stdout.write(`${text()}\n`);
}

/** Fail with a message for the user; the caller's top level prints it and exits non-zero. */
export function usageError(message: string): never {
  throw new LyreError('invalid', message);
}

/** Format rows as aligned columns for terminal output. */
export function table(headers: string[], rows: (string | number | null)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
