import type { Command } from 'commander';

import { isSettingKey, settingsSchema, type SettingKey } from '../config/schema.ts';
import { LyreError } from '../errors.ts';
import { liveRuntime } from '../runtime.ts';
import { output, table, withStore } from './context.ts';

function requireKey(key: string): SettingKey {
  if (!isSettingKey(key)) {
    throw new LyreError('invalid', `Unknown setting ${JSON.stringify(key)}; \`lyre config get\` lists every setting.`);
  }
  return key;
}

function shown(key: SettingKey, value: unknown): unknown {
  return 'secret' in settingsSchema[key] && value !== '' ? '(set)' : value;
}

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('read and change server settings');

  config
    .command('get [key]')
    .description('show one setting, or every setting with its default and meaning')
    .action(async (key: string | undefined, _options, command: Command) => {
      await withStore(command, (store) => {
        if (key) {
          const name = requireKey(key);
          const value = store.settings.get(name);
          output(command, { key: name, value: shown(name, value) }, () => String(shown(name, value)));
          return;
        }
        const all = store.settings.all();
        const rows = (Object.keys(settingsSchema) as SettingKey[]).map((k) => ({
          key: k,
          value: shown(k, all[k]),
          default: settingsSchema[k].default,
          why: settingsSchema[k].why,
        }));
        output(command, rows, () => table(['KEY', 'VALUE', 'MEANING'], rows.map((r) => [r.key, JSON.stringify(r.value), r.why])));
      });
    });

  config
    .command('set <key> <value>')
    .description('change a setting; most take effect at once, the rest say a restart is needed')
    .action(async (key: string, value: string, _options, command: Command) => {
      await withStore(command, (store) => {
        const name = requireKey(key);
        const parsed = store.settings.set(name, value);
        const running = liveRuntime(store) !== undefined;
        const needsRestart = running && 'restart' in settingsSchema[name];
        output(command, { key: name, value: shown(name, parsed), restartNeeded: needsRestart }, () =>
          needsRestart
            ? `Set ${name}. The running server reads it only at start: restart it for the change to apply.`
            : `Set ${name}.`,
        );
      });
    });
}
