import { bounceMethods } from './bounces.ts';
import { documentMethods } from './documents.ts';
import { listMethods } from './lists.ts';
import { logMethods } from './logs.ts';
import { memberMethods } from './members.ts';
import { postMethods } from './posts.ts';
import { relocationMethods } from './relocation.ts';
import { serverMethods } from './server.ts';
import { settingMethods } from './settings.ts';
import type { Handlers } from './types.ts';

/** Every contract method's implementation; the type check fails when one is missing. */
export const handlers: Handlers = {
  ...serverMethods,
  ...listMethods,
  ...documentMethods,
  ...memberMethods,
  ...postMethods,
  ...bounceMethods,
  ...settingMethods,
  ...relocationMethods,
  ...logMethods,
};
