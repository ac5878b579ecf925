import type { Handlers } from './types.ts';

export const logMethods = {
  'logs.recent': ({ engine }, { limit, minLevel }) => engine.logs.recent(limit, minLevel),
} satisfies Partial<Handlers>;
