import { z } from 'zod';

import { isSettingKey, parseSetting, settingsSchema, type SettingDefinition, type SettingKey } from '../../config/schema.ts';
import type { EngineHandle } from '../../engine-types.ts';
import { LyreError } from '../../errors.ts';
import type { SettingsView } from '../views.ts';
import type { Handlers } from './types.ts';

const definitions = Object.entries(settingsSchema).map(([key, raw]) => {
  const definition = raw as SettingDefinition<unknown>;
  return {
    key: key as SettingKey,
    why: definition.why,
    restart: definition.restart === true,
    secret: definition.secret === true,
    default: definition.secret ? '' : definition.default,
    options: definition.schema instanceof z.ZodEnum ? (definition.schema.options as string[]) : null,
  };
});

function settingsView(engine: EngineHandle): SettingsView {
  const values = engine.store.settings.all();
  const secretsSet: SettingKey[] = [];
  for (const definition of definitions) {
    if (!definition.secret) continue;
    if (values[definition.key] !== '') secretsSet.push(definition.key);
    (values as Record<string, unknown>)[definition.key] = '';
  }
  return { values, secretsSet, definitions };
}

export const settingMethods = {
  'settings.get': ({ engine }) => settingsView(engine),

  'settings.update': ({ engine }, { changes }) => {
    const parsed = Object.entries(changes).map(([key, raw]) => {
      if (!isSettingKey(key)) {
        throw new LyreError('invalid', `Unknown setting ${JSON.stringify(key)}; the settings screen lists every key.`);
      }
      try {
        return { key, value: parseSetting(key, raw) };
      } catch (error) {
        throw new LyreError('invalid', (error as Error).message);
      }
    });
    engine.store.db.transaction(() => {
      for (const { key, value } of parsed) engine.store.settings.set(key, value);
    })();
    engine.log.child({ subsystem: 'api' }).info({ keys: parsed.map((p) => p.key).join(',') }, 'SETTINGS');
    return settingsView(engine);
  },
} satisfies Partial<Handlers>;
