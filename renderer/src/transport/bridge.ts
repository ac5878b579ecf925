import type { AdminEventName, AdminEvents, ErrorRecord } from '../../../engine/api/contract.ts';
import type { AdminClient } from '../../../engine/api/envelope.ts';
import { AdminCallError } from './errors.ts';

/**
 * What the desktop preload exposes as `window.lyreAdmin`. Calls resolve with an
 * outcome instead of rejecting, because contextBridge keeps only an Error's message.
 */
export interface DesktopBridge {
  call(method: string, input: unknown): Promise<{ result: unknown } | { error: ErrorRecord }>;
  on(name: string, listener: (data: unknown) => void): () => void;
}

/** An admin client over the desktop preload's bridge, which follows the engine across restarts. */
export function createBridgeClient(bridge: DesktopBridge): AdminClient {
  return {
    async call(method, input) {
      const outcome = await bridge.call(method, input);
      if ('error' in outcome) throw new AdminCallError(method, outcome.error);
      return outcome.result as never;
    },
    on<E extends AdminEventName>(name: E, listener: (data: AdminEvents[E]) => void) {
      return bridge.on(name, listener as (data: unknown) => void);
    },
    close() {},
  };
}
