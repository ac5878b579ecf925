// The admin client that the preload script exposes to the renderer through
// contextBridge, and the renderer-side wrapper that turns it back into an
// AdminClient. Plain TypeScript without Electron, so it is tested under Node.

import type { MethodInput, MethodName, MethodOutput } from '../engine/api/contract.ts';
import type { AdminClient } from '../engine/api/envelope.ts';
import type { AdminPort } from '../engine/api/port.ts';
import type { AdminEventName, AdminEvents, ErrorRecord } from '../engine/api/views.ts';

/** The name of the one global the preload script defines: `window.lyreAdmin`. */
export const ADMIN_BRIDGE_KEY = 'lyreAdmin';

/** The IPC channel on which main sends the renderer a fresh admin port. */
export const ADMIN_PORT_CHANNEL = 'lyre:admin-port';

export type CallOutcome = { result: unknown } | { error: ErrorRecord };

/**
 * What `window.lyreAdmin` offers. Calls resolve with an outcome and never reject,
 * because contextBridge copies only the message of an Error and drops its `kind`.
 */
export interface AdminBridge {
  call(method: string, input: unknown): Promise<CallOutcome>;
  /** Returns the function that stops listening; listeners survive engine restarts. */
  on(name: string, listener: (data: unknown) => void): () => void;
}

export interface AdminBridgeOptions {
  /** How long a call waits for the first port, or for a new one after an engine restart. */
  connectTimeoutMs?: number;
}

const NOT_CONNECTED: ErrorRecord = {
  kind: 'unavailable',
  message: 'The Lyre server is not running. Start it from the tray menu (Start server), then try again.',
};

function toErrorRecord(error: unknown): ErrorRecord {
  const kind = (error as { kind?: ErrorRecord['kind'] }).kind ?? 'internal';
  return { kind, message: error instanceof Error ? error.message : String(error) };
}

/**
 * Builds the bridge over whichever port main sent last. Each new port replaces the
 * client on the previous one: its pending calls fail as `unavailable`, and every
 * registered listener moves to the new client.
 */
export function createAdminBridge(
  createClient: (port: AdminPort) => AdminClient,
  options: AdminBridgeOptions = {},
): { bridge: AdminBridge; attach(port: AdminPort): void } {
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  const listeners = new Set<{ name: string; listener: (data: unknown) => void; off: (() => void) | null }>();
  let client: AdminClient | null = null;
  let waiters: ((client: AdminClient) => void)[] = [];

  function subscribe(target: AdminClient, name: string, listener: (data: unknown) => void): () => void {
    return target.on(name as AdminEventName, listener as (data: AdminEvents[AdminEventName]) => void);
  }

  function attach(port: AdminPort): void {
    client?.close();
    client = createClient(port);
    for (const entry of listeners) entry.off = subscribe(client, entry.name, entry.listener);
    const ready = client;
    for (const resolve of waiters.splice(0)) resolve(ready);
  }

  function connected(): Promise<AdminClient | null> {
    if (client) return Promise.resolve(client);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiters = waiters.filter((waiter) => waiter !== onAttach);
        resolve(null);
      }, connectTimeoutMs);
      const onAttach = (ready: AdminClient): void => {
        clearTimeout(timer);
        resolve(ready);
      };
      waiters.push(onAttach);
    });
  }

  const bridge: AdminBridge = {
    async call(method, input) {
      const target = await connected();
      if (!target) return { error: NOT_CONNECTED };
      try {
        const result = await target.call(method as MethodName, input as MethodInput<MethodName>);
        return { result };
      } catch (error) {
        return { error: toErrorRecord(error) };
      }
    },
    on(name, listener) {
      const entry = { name, listener, off: client ? subscribe(client, name, listener) : null };
      listeners.add(entry);
      return () => {
        entry.off?.();
        listeners.delete(entry);
      };
    },
  };
  return { bridge, attach };
}

/**
 * The renderer's AdminClient over `window.lyreAdmin`. `makeError` rebuilds a failed
 * call's error, for example as the admin API's AdminCallError, in the renderer's world.
 */
export function clientFromBridge(
  bridge: AdminBridge,
  makeError: (method: string, record: ErrorRecord) => Error,
): AdminClient {
  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const outcome = await bridge.call(method, input);
      if ('error' in outcome) throw makeError(method, outcome.error);
      return outcome.result as MethodOutput<M>;
    },
    on<E extends AdminEventName>(name: E, listener: (data: AdminEvents[E]) => void): () => void {
      return bridge.on(name, listener as (data: unknown) => void);
    },
    // The bridge belongs to the preload script and lives as long as the page.
    close() {},
  };
}
