import type { MethodInput, MethodName, MethodOutput } from './contract.ts';
import type { AdminEventName, AdminEvents, ErrorRecord } from './views.ts';

/**
 * The messages both transports carry. A request has an id chosen by the client; the
 * response with the same id carries either a result or an error record. Events carry
 * no id and go to every client.
 */
export interface RequestMessage {
  type: 'request';
  id: number;
  method: string;
  input: unknown;
}

export type ResponseMessage =
  | { type: 'response'; id: number; result: unknown }
  | { type: 'response'; id: number; error: ErrorRecord };

export interface EventMessage<E extends AdminEventName = AdminEventName> {
  type: 'event';
  name: E;
  data: AdminEvents[E];
}

export type PortMessage = RequestMessage | ResponseMessage | EventMessage;

/** The one client every caller of the admin API uses, whatever the transport. */
export interface AdminClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Listen for an event; returns the function that stops listening. */
  on<E extends AdminEventName>(name: E, listener: (data: AdminEvents[E]) => void): () => void;
  close(): void;
}

/** HTTP status for each error kind, and back. */
export const statusByKind = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  internal: 500,
  unavailable: 503,
} as const;
