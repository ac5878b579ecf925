import type { EventEmitter } from 'node:events';

import type { Logger } from 'pino';

import type { LogRecord, LogRing } from './log/logger.ts';
import type { LifecycleContext } from './members/lifecycle/context.ts';
import type { RelayForwarder, RelayStatus } from './relay/forward.ts';
import type { PostProgress } from './store/posts.ts';
import type { Store } from './store/index.ts';

/** One listener's state: what was asked for, what is bound, and why not. */
export interface ListenerStatus {
  listening: boolean;
  /** The port in the settings. */
  requestedPort: number;
  /** The port actually bound, or null. */
  port: number | null;
  /** True when the requested port failed and the fallback port is in use. */
  fallback: boolean;
  /** Why the requested port could not be bound, in words, or null. */
  bindError: string | null;
  /** What the administrator can do about bindError, or null. */
  fix: string | null;
}

export interface EngineStatus {
  running: boolean;
  pid: number;
  startedAt: number | null;
  dataDir: string;
  smtp: ListenerStatus;
  http: ListenerStatus;
  /** Copies queued or deferred, across all posts. */
  queueSize: number;
  /** Copies delivered in the last minute. */
  deliveriesPerMinute: number;
  /** The last error and warning log lines. */
  recentErrors: LogRecord[];
  /** The relocated MTA that mail for other addresses is forwarded to, and whether it answers. */
  relay: RelayStatus;
}

/** Events a running engine emits; the admin API forwards them to clients. */
export interface EngineEvents {
  status: [EngineStatus];
  'post-progress': [{ postId: number; progress: PostProgress; done: boolean }];
  log: [LogRecord];
}

/** What the admin API, the desktop host and the CLI may use of a running engine. */
export interface EngineHandle {
  readonly store: Store;
  readonly dataDir: string;
  readonly log: Logger;
  readonly logs: LogRing;
  readonly events: EventEmitter<EngineEvents>;
  /** The forwarder to the relocated MTA; checkRelay() connects to it now and updates status().relay. */
  readonly relay: Pick<RelayForwarder, 'checkRelay'>;
  /** Subscription lifecycle steps and the notices they send, for imports that welcome or confirm. */
  readonly mailboxes?: { readonly life: LifecycleContext };
  status(): EngineStatus;
  /** Start or stop accepting SMTP connections; delivery keeps running either way. */
  startSmtp(): Promise<void>;
  stopSmtp(): Promise<void>;
  /** Wake the delivery scheduler, for example after a resend. */
  wakeDelivery(): void;
  /** Stop everything gracefully: finish in-flight SMTP sessions within `timeoutMs`, then close the store. */
  stop(timeoutMs?: number): Promise<void>;
}
