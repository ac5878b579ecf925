import type { AdminClient } from '../../engine/api/envelope.ts';
import { createHttpClient, type HttpAdminClient } from './transport/http.ts';
import { createPortClient, type PortLike } from './transport/port.ts';

declare global {
  interface Window {
    /** The engine's port, exposed by the desktop app's preload script; absent in a browser. */
    lyre?: PortLike;
  }
}

const unauthorizedListeners = new Set<() => void>();

/** Which transport this page uses: the desktop port needs no login, HTTP does. */
export type Transport = { kind: 'port'; client: AdminClient } | { kind: 'http'; client: HttpAdminClient };

export const transport: Transport = window.lyre
  ? { kind: 'port', client: createPortClient(window.lyre) }
  : { kind: 'http', client: createHttpClient({ onUnauthorized: () => unauthorizedListeners.forEach((listener) => listener()) }) };

/** The one data client screens use. */
export const client: AdminClient = transport.client;

/** Call `listener` whenever a call fails because the HTTP session ended. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}
