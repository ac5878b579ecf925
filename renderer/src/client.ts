import type { AdminClient } from '../../engine/api/envelope.ts';
import { createBridgeClient, type DesktopBridge } from './transport/bridge.ts';
import { createHttpClient, type HttpAdminClient } from './transport/http.ts';
import { createPortClient, type PortLike } from './transport/port.ts';

declare global {
  interface Window {
    /** The desktop app's admin bridge, defined by its preload script; absent in a browser. */
    lyreAdmin?: DesktopBridge;
    /** A bare MessagePort to the engine, for hosts that hand the page a port instead of the bridge. */
    lyre?: PortLike;
  }
}

const unauthorizedListeners = new Set<() => void>();

/** The transport this page uses. The desktop bridge and port need no login, but HTTP does. */
export type Transport = { kind: 'port'; client: AdminClient } | { kind: 'http'; client: HttpAdminClient };

function pickTransport(): Transport {
  if (window.lyreAdmin) return { kind: 'port', client: createBridgeClient(window.lyreAdmin) };
  if (window.lyre) return { kind: 'port', client: createPortClient(window.lyre) };
  return { kind: 'http', client: createHttpClient({ onUnauthorized: () => unauthorizedListeners.forEach((listener) => listener()) }) };
}

export const transport = pickTransport();

/** The one data client screens use. */
export const client: AdminClient = transport.client;

/** Call `listener` whenever a call fails because the HTTP session ended. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}
