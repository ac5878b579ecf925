// Messages between the desktop app's main process (main/supervisor.ts) and the
// engine host (engine/host/utility-entry.ts). They travel over the utility
// process's parent port in the desktop app, and over the child_process IPC channel
// when the host runs under plain Node. Every value is structured-clone safe.

import type { ErrorKind } from '../errors.ts';
import type { LogRecord } from '../log/logger.ts';

/** What the tray's status line shows; sent with every heartbeat reply. */
export interface HostStatus {
  /** Copies queued or deferred, across all posts. */
  queueSize: number;
  /** Copies delivered in the last minute. */
  deliveriesPerMinute: number;
  /** The SMTP port actually bound, or null while intake is not listening. */
  smtpPort: number | null;
}

/** A failure as a plain record, so it survives structured cloning. */
export interface HostError {
  kind: ErrorKind;
  message: string;
}

/** Main to host. */
export type HostRequest =
  /** The first message: start the engine on this data folder. */
  | { type: 'start'; dataDir: string; logLevel?: string }
  /** Heartbeat; the host replies with a `pong` carrying the same `seq`. */
  | { type: 'ping'; seq: number }
  /** Carries one transferred MessagePort on which to serve the admin API. */
  | { type: 'admin-port' }
  /** Stop gracefully: in-flight SMTP sessions get `timeoutMs` to finish, then the host exits 0. */
  | { type: 'stop'; timeoutMs: number };

/** Host to main. */
export type HostEvent =
  /** The engine is started and serving. */
  | { type: 'ready'; pid: number; status: HostStatus }
  /** The engine could not start; the host exits non-zero right after. */
  | { type: 'start-failed'; error: HostError }
  | { type: 'pong'; seq: number; status: HostStatus }
  /** One engine log line, as pino wrote it. */
  | { type: 'log'; record: LogRecord }
  /** Graceful stop finished; the host exits 0 right after. */
  | { type: 'stopped' };

export type HostRequestType = HostRequest['type'];
export type HostEventType = HostEvent['type'];

const REQUEST_TYPES: readonly HostRequestType[] = ['start', 'ping', 'admin-port', 'stop'];
const EVENT_TYPES: readonly HostEventType[] = ['ready', 'start-failed', 'pong', 'log', 'stopped'];

function hasType(value: unknown, types: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && types.includes(type);
}

/** Checks the envelope only: the sender is our own code, so fields are trusted once the type is known. */
export function isHostRequest(value: unknown): value is HostRequest {
  return hasType(value, REQUEST_TYPES);
}

export function isHostEvent(value: unknown): value is HostEvent {
  return hasType(value, EVENT_TYPES);
}
