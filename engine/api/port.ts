import type { EngineHandle } from '../engine-types.ts';
import { createDispatcher } from './dispatch.ts';
import type { AdminClient, PortMessage, RequestMessage, ResponseMessage } from './envelope.ts';
import { adminHub } from './hub.ts';
import type { AdminEventName, AdminEvents, ErrorRecord } from './views.ts';

/** Typed loosely enough that DOM, Node and Electron message events all fit. */
type PortListener = (event: Event & { data?: unknown }) => void;

/**
 * The subset of a message port the admin transport needs. It fits a web or Node
 * `MessagePort` (addEventListener) and Electron's `MessagePortMain` (on), whose
 * listeners both receive an event with `data`.
 */
export interface AdminPort {
  postMessage(message: unknown): void;
  addEventListener?(type: 'message', listener: PortListener): void;
  removeEventListener?(type: 'message', listener: PortListener): void;
  on?(type: 'message', listener: PortListener): unknown;
  off?(type: 'message', listener: PortListener): unknown;
  start?(): void;
  close?(): void;
}

function listen(port: AdminPort, listener: (message: PortMessage) => void): () => void {
  const handler = (event: { data?: unknown }): void => {
    const message = event.data as PortMessage | null;
    if (message && typeof message === 'object' && 'type' in message) listener(message);
  };
  if (port.addEventListener) {
    port.addEventListener('message', handler);
    port.start?.();
    return () => port.removeEventListener?.('message', handler);
  }
  port.on?.('message', handler);
  port.start?.();
  return () => port.off?.('message', handler);
}

/** Serve the admin API on a port: answer each request and forward every event. Returns the stop function. */
export function serveAdminPort(port: AdminPort, engine: EngineHandle): () => void {
  const dispatch = createDispatcher(engine);
  const stopEvents = adminHub(engine).subscribeAll((name, data) => {
    port.postMessage({ type: 'event', name, data } satisfies PortMessage);
  });

  const stopRequests = listen(port, (message) => {
    if (message.type !== 'request') return;
    const request = message as RequestMessage;
    void dispatch(request.method, request.input).then((outcome) => {
      port.postMessage({ type: 'response', id: request.id, ...outcome } as ResponseMessage);
    });
  });

  return () => {
    stopEvents();
    stopRequests();
  };
}

/** A failed admin call, rebuilt on the calling side with the method's name. */
export class AdminCallError extends Error {
  readonly kind: ErrorRecord['kind'];

  constructor(
    readonly method: string,
    record: ErrorRecord,
  ) {
    super(record.message);
    this.name = 'AdminCallError';
    this.kind = record.kind;
  }
}

/** An admin client over a port served by `serveAdminPort`. */
export function createPortClient(port: AdminPort): AdminClient {
  let nextId = 1;
  const pending = new Map<number, { method: string; resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Map<AdminEventName, Set<(data: never) => void>>();

  const stop = listen(port, (message) => {
    if (message.type === 'response') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if ('error' in message) call.reject(new AdminCallError(call.method, message.error));
      else call.resolve(message.result);
    } else if (message.type === 'event') {
      for (const listener of listeners.get(message.name) ?? []) listener(message.data as never);
    }
  });

  return {
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
        port.postMessage({ type: 'request', id, method, input } satisfies RequestMessage);
      });
    },
    on<E extends AdminEventName>(name: E, listener: (data: AdminEvents[E]) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (data: never) => void);
      return () => set.delete(listener as (data: never) => void);
    },
    close() {
      stop();
      for (const [, call] of pending) {
        call.reject(new AdminCallError(call.method, { kind: 'unavailable', message: 'The admin connection was closed.' }));
      }
      pending.clear();
    },
  };
}

