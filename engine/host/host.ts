// The engine's side of the supervisor protocol: start the engine when asked,
// answer heartbeats with a status summary, forward log lines, serve the admin API
// on every port main hands over, and stop gracefully on request.

import { Writable } from 'node:stream';

import type { AdminPort } from '../api/port.ts';
import type { EngineHandle } from '../engine-types.ts';
import { LyreError } from '../errors.ts';
import type { LogRecord } from '../log/logger.ts';
import type { ParentChannel } from './channel.ts';
import { isHostRequest, type HostError, type HostRequest, type HostStatus } from './protocol.ts';

export interface HostDependencies {
  startEngine(options: { dataDir: string; logExtra?: Writable }): Promise<EngineHandle>;
  /** Serves the admin API on one port; returns the function that stops serving. */
  serveAdminPort(port: AdminPort, engine: EngineHandle): () => void;
  /** Ends the process; the tests pass a recorder instead. */
  exit(code: number): void;
}

export function summarizeStatus(engine: EngineHandle): HostStatus {
  const status = engine.status();
  return {
    queueSize: status.queueSize,
    deliveriesPerMinute: status.deliveriesPerMinute,
    smtpPort: status.smtp.listening ? status.smtp.port : null,
  };
}

function toHostError(error: unknown): HostError {
  if (error instanceof LyreError) return { kind: error.kind, message: error.message };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** A Writable for pino that sends every JSON line to main as a `log` event. */
function logBridge(channel: ParentChannel): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        try {
          channel.send({ type: 'log', record: JSON.parse(line) as LogRecord });
        } catch {
          // A line that is not JSON is not pino's; the engine's own log file still has it.
        }
      }
      done();
    },
  });
}

export class EngineHost {
  readonly #channel: ParentChannel;
  readonly #deps: HostDependencies;
  #starting: Promise<EngineHandle | null> | null = null;
  #engine: EngineHandle | null = null;
  #stopping = false;

  constructor(channel: ParentChannel, deps: HostDependencies) {
    this.#channel = channel;
    this.#deps = deps;
  }

  listen(): void {
    this.#channel.onMessage((message, ports) => {
      if (!isHostRequest(message)) return;
      void this.#handle(message, ports);
    });
    this.#channel.onDisconnect(() => void this.#stop(10_000, 'parent disconnected'));
  }

  async #handle(request: HostRequest, ports: unknown[]): Promise<void> {
    switch (request.type) {
      case 'start':
        await this.#start(request.dataDir);
        return;
      case 'ping':
        if (this.#engine)
          this.#channel.send({ type: 'pong', seq: request.seq, status: summarizeStatus(this.#engine) });
        return;
      case 'admin-port':
        await this.#serveAdmin(ports[0]);
        return;
      case 'stop':
        await this.#stop(request.timeoutMs, 'requested');
        return;
    }
  }

  #start(dataDir: string): Promise<EngineHandle | null> {
    this.#starting ??= this.#deps.startEngine({ dataDir, logExtra: logBridge(this.#channel) }).then(
      (engine) => {
        this.#engine = engine;
        this.#channel.send({ type: 'ready', pid: process.pid, status: summarizeStatus(engine) });
        return engine;
      },
      async (error: unknown) => {
        this.#channel.send({ type: 'start-failed', error: toHostError(error) });
        await this.#exit(1);
        return null;
      },
    );
    return this.#starting;
  }

  async #serveAdmin(port: unknown): Promise<void> {
    if (port === undefined) {
      // child_process IPC cannot transfer MessagePorts; only a utility process gets here with one.
      this.#engine?.log.warn({ subsystem: 'host', channel: this.#channel.kind }, 'ADMIN_PORT_MISSING');
      return;
    }
    const engine = this.#engine ?? (await this.#starting);
    if (!engine) return;

    const adminPort = port as AdminPort & { once?(event: 'close', listener: () => void): unknown };
    const stopServing = this.#deps.serveAdminPort(adminPort, engine);
    // MessagePortMain emits 'close' when the renderer's end goes away, for example on reload.
    adminPort.once?.('close', () => {
      stopServing();
      engine.log.debug({ subsystem: 'host' }, 'ADMIN_PORT_CLOSED');
    });
    engine.log.info({ subsystem: 'host' }, 'ADMIN_PORT_OPENED');
  }

  async #stop(timeoutMs: number, why: string): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;

    if (!this.#starting) {
      this.#channel.send({ type: 'stopped' });
      await this.#exit(0);
      return;
    }
    const engine = await this.#starting;
    // Null: the start failed, and that path exits already.
    if (!engine) return;
    engine.log.info({ subsystem: 'host', timeoutMs, why }, 'STOPPING');
    try {
      await engine.stop(timeoutMs);
    } catch (error) {
      engine.log.error({ subsystem: 'host', err: error }, 'STOP_FAILED');
      await this.#exit(1);
      return;
    }
    this.#channel.send({ type: 'stopped' });
    await this.#exit(0);
  }

  async #exit(code: number): Promise<void> {
    await this.#channel.flush();
    this.#deps.exit(code);
  }
}
