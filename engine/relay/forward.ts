import { hostname as machineName } from 'node:os';

import type { Logger } from 'pino';

import { ForwardSession } from './forward-session.ts';
import { parseHostPort, type HostPort } from './target.ts';
import { openUpstream, UpstreamFailure, type Upstream } from './upstream.ts';
import type { InboundSession } from './xforward.ts';

/** The settings the forwarder reads, at every use, so changes apply to the next session. */
export interface RelaySettings {
  'relay.host': string;
  'relay.domains': string;
  'smtp.hostname': string;
}

export interface ForwarderOptions {
  /** Milliseconds to wait for the TCP connection to the relocated MTA. */
  connectTimeoutMs?: number;
  /** Milliseconds to wait for each reply before DATA; the sender waits meanwhile. */
  commandTimeoutMs?: number;
  /**
   * Milliseconds to wait for the reply to the end of DATA. RFC 5321 4.5.3.2.6 gives a
   * server 10 minutes; this is shorter so the sender's own 10-minute wait for Lyre's
   * reply does not run out first.
   */
  dataTimeoutMs?: number;
}

/** The result of Lyre's last connection to the relocated MTA, for the dashboard. */
export interface RelayStatus {
  /** relay.host, or "" when forwarding is off. */
  host: string;
  /** null until the first connection attempt. */
  reachable: boolean | null;
  lastError: string | null;
  /** Epoch milliseconds of the last connection attempt. */
  checkedAt: number | null;
}

const defaults = { connectTimeoutMs: 10_000, commandTimeoutMs: 60_000, dataTimeoutMs: 300_000 };

/**
 * Forwards mail for addresses Lyre does not own to the machine's own MTA after it
 * has been moved off port 25 (setting relay.host). There is no queue: each inbound
 * SMTP session that has such recipients gets a ForwardSession, which holds a
 * connection to the relocated MTA for the length of the inbound transaction.
 *
 * NOTE: that is one connection to the relocated MTA per inbound session that forwards,
 * so its own limits apply (Postfix serves 100 at once with default_process_limit).
 */
export class RelayForwarder {
  readonly log: Logger;
  readonly options: Required<ForwarderOptions>;
  readonly #settings: () => RelaySettings;
  #status: RelayStatus = { host: '', reachable: null, lastError: null, checkedAt: null };

  constructor(settings: () => RelaySettings, log: Logger, options: ForwarderOptions = {}) {
    this.#settings = settings;
    this.log = log.child({ subsystem: 'relay' });
    this.options = { ...defaults, ...options };
  }

  settings(): RelaySettings {
    return this.#settings();
  }

  /** The relocated MTA's address, or null when relay.host is empty and forwarding is off. */
  target(): HostPort | null {
    const host = this.#settings()['relay.host'].trim();
    return host === '' ? null : parseHostPort(host, 25);
  }

  /** The name Lyre gives in EHLO to the relocated MTA and in Received lines. */
  hostname(): string {
    return this.#settings()['smtp.hostname'] || machineName();
  }

  /** Start forwarding state for one inbound SMTP session; call close() when it ends. */
  openSession(session: InboundSession): ForwardSession {
    return new ForwardSession(this, session);
  }

  relayStatus(): RelayStatus {
    const host = this.#settings()['relay.host'].trim();
    if (host !== this.#status.host) return { host, reachable: null, lastError: null, checkedAt: null };
    return { ...this.#status };
  }

  /** Connect to the relocated MTA now, greet it, and return the updated status. */
  async checkRelay(): Promise<RelayStatus> {
    try {
      const upstream = await this.connect();
      if (upstream) await upstream.client.quit(this.options.commandTimeoutMs);
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
    }
    return this.relayStatus();
  }

  /**
   * Open a greeted connection to the relocated MTA, recording the outcome in the relay
   * status. Returns null when forwarding is off; throws UpstreamFailure when it is down.
   */
  async connect(): Promise<Upstream | null> {
    const target = this.target();
    if (!target) return null;
    const host = this.#settings()['relay.host'].trim();
    try {
      const upstream = await openUpstream(target, this.hostname(), this.options);
      this.#record(host, null);
      return upstream;
    } catch (error) {
      if (error instanceof UpstreamFailure) this.#record(host, error.detail);
      throw error;
    }
  }

  /** Note a failure found mid-dialogue, after connect() succeeded. */
  recordFailure(detail: string): void {
    this.#record(this.#settings()['relay.host'].trim(), detail);
  }

  #record(host: string, error: string | null): void {
    const wasReachable = this.#status.host === host ? this.#status.reachable : null;
    this.#status = { host, reachable: error === null, lastError: error, checkedAt: Date.now() };

    // An unreachable relay is logged when it goes down and when it comes back, not per message.
    if (error !== null && wasReachable !== false) {
      this.log.warn({ relay: host, err: error }, 'UNREACHABLE relocated MTA; forwarded recipients get 4xx until it answers');
    } else if (error === null && wasReachable === false) {
      this.log.info({ relay: host }, 'RECOVERED relocated MTA answers again');
    }
  }
}
