import type { AdminClient, PortMessage, RequestMessage } from '../../../engine/api/envelope.ts';
import { AdminCallError } from './errors.ts';
import { Listeners } from './listeners.ts';

/** The port the desktop preload exposes as `window.lyre`: a MessagePort or an object with the same two methods. */
export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: Event & { data?: unknown }) => void): void;
  start?(): void;
}

/** An admin client over a MessagePort to the engine. */
export function createPortClient(port: PortLike): AdminClient {
  let nextId = 1;
  const pending = new Map<number, { method: string; resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Listeners();
  let closed = false;

  port.addEventListener('message', (event) => {
    const message = event.data as PortMessage;
    if (closed || !message || typeof message !== 'object') return;
    if (message.type === 'response') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if ('error' in message) call.reject(new AdminCallError(call.method, message.error));
      else call.resolve(message.result);
    } else if (message.type === 'event') {
      listeners.emit(message.name, message.data);
    }
  });
  port.start?.();

  return {
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
        port.postMessage({ type: 'request', id, method, input } satisfies RequestMessage);
      });
    },
    on: (name, listener) => listeners.add(name, listener),
    close() {
      closed = true;
      for (const call of pending.values()) {
        call.reject(new AdminCallError(call.method, { kind: 'unavailable', message: 'The admin connection was closed.' }));
      }
      pending.clear();
    },
  };
}
