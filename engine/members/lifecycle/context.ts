import type { Logger } from 'pino';

import type { Settings } from '../../config/schema.ts';
import type { NoticeContext } from '../../notices/document-notice.ts';

/** What lifecycle steps need: the store, member links and notices, a logger and the server settings. */
export interface LifecycleContext extends NoticeContext {
  log: Logger;
  settings: () => Settings;
}
