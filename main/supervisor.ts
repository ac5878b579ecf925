// Keeps the engine host process alive: starts it, checks it with heartbeats,
// restarts it with exponential backoff after a crash, gives up after repeated
// crashes, stops it gracefully, and forwards its log lines. Plain Node: no
// Electron import, so it is tested under Node against a child_process stand-in.

import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';

import type { Logger } from 'pino';

import type { LogRecord } from '../engine/log/logger.ts';
import { isHostEvent, type HostEvent, type HostStatus } from '../engine/host/protocol.ts';
import type { EngineProcess, ForkEngine } from './engine-process.ts';
import { DEFAULT_RESTART_POLICY, RestartPolicy, type RestartPolicyOptions } from './restart-policy.ts';

export type SupervisorState = 'stopped' | 'starting' | 'running' | 'stopping' | 'crashed' | 'failed';

export interface StateChange {
  state: SupervisorState;
  pid?: number;
  /** The cause of a crash or failure, in words. */
  reason?: string;
  /** For `crashed`: when the next start is due. */
  restartInMs?: number;
}

export interface SupervisorEvents {
  state: [StateChange];
  status: [HostStatus];
  log: [LogRecord];
}

export interface SupervisorOptions<Port> {
  fork: ForkEngine<Port>;
  dataDir: string;
  logLevel?: string;
  /** The main process's logger; engine lines are forwarded to it. */
  log: Logger;
  heartbeatIntervalMs?: number;
  /** No heartbeat reply for this long means the engine hangs: it is killed and restarted. */
  heartbeatTimeoutMs?: number;
  /** Time from spawn to the host's `ready`; migrations run in it. */
  startTimeoutMs?: number;
  /** Time the engine gets to finish in-flight SMTP sessions when asked to stop. */
  stopTimeoutMs?: number;
  /** Extra wait after `stopTimeoutMs`, and again after the kill. */
  exitGraceMs?: number;
  restart?: RestartPolicyOptions;
}

/** One spawned process; events from an older run are ignored. */
interface Run<Port> {
  child: EngineProcess<Port>;
  pid: number | undefined;
  ready: boolean;
  lastPongAt: number;
  pingSeq: number;
  /** Set when the supervisor, not the process, decided the run failed. */
  failure: string | null;
  stderrTail: string[];
  timers: NodeJS.Timeout[];
  exited: Promise<number>;
}

const STDERR_TAIL_LINES = 5;

export class EngineSupervisor<Port = unknown> extends EventEmitter<SupervisorEvents> {
  readonly #options: Required<Omit<SupervisorOptions<Port>, 'logLevel' | 'restart'>> &
    Pick<SupervisorOptions<Port>, 'logLevel'>;
  readonly #log: Logger;
  readonly #policy: RestartPolicy;
  #state: StateChange = { state: 'stopped' };
  #run: Run<Port> | null = null;
  #restartTimer: NodeJS.Timeout | null = null;
  #status: HostStatus | null = null;

  constructor(options: SupervisorOptions<Port>) {
    super();
    this.#options = {
      heartbeatIntervalMs: 5_000,
      heartbeatTimeoutMs: 15_000,
      startTimeoutMs: 60_000,
      stopTimeoutMs: 10_000,
      exitGraceMs: 5_000,
      ...options,
    };
    this.#log = options.log.child({ subsystem: 'supervisor' });
    this.#policy = new RestartPolicy(options.restart ?? DEFAULT_RESTART_POLICY);
  }

  get state(): StateChange {
    return this.#state;
  }

  /** The status from the last heartbeat reply, or null while not running. */
  get status(): HostStatus | null {
    return this.#status;
  }

  /** Starts the engine; after `failed` this is the user's retry and clears the crash count. */
  start(): void {
    const { state } = this.#state;
    if (state === 'starting' || state === 'running' || state === 'stopping') return;
    if (state === 'failed') this.#policy.reset();
    this.#cancelRestart();
    this.#spawn();
  }

  /** Asks the engine to stop, waits with a time limit, then kills it. */
  async stop(): Promise<void> {
    this.#cancelRestart();
    const run = this.#run;
    if (!run) {
      // A failed engine keeps its reason on show; a stopped one has nothing to report.
      if (this.#state.state === 'crashed') this.#setState({ state: 'stopped' });
      return;
    }
    if (this.#state.state === 'stopping') {
      await run.exited;
      return;
    }

    const { stopTimeoutMs, exitGraceMs } = this.#options;
    this.#setState({ state: 'stopping', pid: run.pid });
    this.#log.info({ pid: run.pid, timeoutMs: stopTimeoutMs }, 'STOPPING');
    this.#post(run, { type: 'stop', timeoutMs: stopTimeoutMs });

    if (await exitsWithin(run, stopTimeoutMs + exitGraceMs)) return;
    this.#log.warn(
      { pid: run.pid, waitedMs: stopTimeoutMs + exitGraceMs },
      'KILLING engine did not stop in time',
    );
    run.child.kill();
    if (await exitsWithin(run, exitGraceMs)) return;
    this.#log.error({ pid: run.pid }, 'KILL_FAILED engine still running after kill');
  }

  /** Hands the running engine a port to serve the admin API on; false when no engine is running. */
  connectAdminPort(port: Port): boolean {
    const run = this.#run;
    if (!run?.ready || this.#state.state !== 'running') return false;
    this.#post(run, { type: 'admin-port' }, [port]);
    return true;
  }

  #spawn(): void {
    this.#status = null;
    this.#setState({ state: 'starting' });
    let child: EngineProcess<Port>;
    try {
      child = this.#options.fork();
    } catch (error) {
      this.#handleCrash(`fork failed: ${(error as Error).message}`);
      return;
    }

    const run = this.#track(child);
    this.#run = run;
    this.#post(run, { type: 'start', dataDir: this.#options.dataDir, logLevel: this.#options.logLevel });
    run.timers.push(setTimeout(() => this.#onStartTimeout(run), this.#options.startTimeoutMs));
  }

  #track(child: EngineProcess<Port>): Run<Port> {
    let resolveExit!: (code: number) => void;
    const run: Run<Port> = {
      child,
      pid: child.pid,
      ready: false,
      lastPongAt: 0,
      pingSeq: 0,
      failure: null,
      stderrTail: [],
      timers: [],
      exited: new Promise<number>((resolve) => (resolveExit = resolve)),
    };

    child.on('spawn', () => {
      run.pid = child.pid;
      this.#log.info({ pid: run.pid }, 'SPAWNED');
    });
    child.on('message', (message) => this.#onMessage(run, message));
    child.on('exit', (code) => {
      resolveExit(code);
      this.#onExit(run, code);
    });
    this.#pipeLines(run, child.stdout, 'stdout');
    this.#pipeLines(run, child.stderr, 'stderr');
    return run;
  }

  #pipeLines(run: Run<Port>, stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): void {
    if (!stream) return;
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      if (name === 'stderr') {
        run.stderrTail.push(line);
        if (run.stderrTail.length > STDERR_TAIL_LINES) run.stderrTail.shift();
      }
      const level = name === 'stderr' ? 'warn' : 'info';
      this.#log[level]({ pid: run.pid, stream: name, line }, 'ENGINE_OUTPUT');
    });
  }

  #onMessage(run: Run<Port>, message: unknown): void {
    if (run !== this.#run) return;
    if (!isHostEvent(message)) {
      this.#log.warn({ pid: run.pid, message }, 'UNKNOWN_MESSAGE from engine host');
      return;
    }
    this.#handleEvent(run, message);
  }

  #handleEvent(run: Run<Port>, event: HostEvent): void {
    switch (event.type) {
      case 'ready':
        this.#onReady(run, event.pid, event.status);
        return;
      case 'pong':
        run.lastPongAt = Date.now();
        this.#updateStatus(event.status);
        return;
      case 'log':
        this.#forwardLog(event.record);
        return;
      case 'start-failed':
        run.failure = `engine failed to start: ${event.error.message}`;
        this.#log.error({ pid: run.pid, kind: event.error.kind, error: event.error.message }, 'START_FAILED');
        return;
      case 'stopped':
        this.#log.info({ pid: run.pid }, 'STOPPED engine finished its graceful stop');
        return;
    }
  }

  #onReady(run: Run<Port>, pid: number, status: HostStatus): void {
    run.ready = true;
    run.pid = pid;
    run.lastPongAt = Date.now();
    this.#clearTimers(run);
    run.timers.push(setInterval(() => this.#beat(run), this.#options.heartbeatIntervalMs));

    this.#log.info({ pid, smtpPort: status.smtpPort }, 'RUNNING');
    if (this.#state.state === 'starting') this.#setState({ state: 'running', pid });
    this.#updateStatus(status);
  }

  #beat(run: Run<Port>): void {
    const silentMs = Date.now() - run.lastPongAt;
    if (silentMs > this.#options.heartbeatTimeoutMs) {
      this.#clearTimers(run);
      this.#fail(run, `no heartbeat reply for ${silentMs} ms; the engine hangs`);
      return;
    }
    run.pingSeq += 1;
    this.#post(run, { type: 'ping', seq: run.pingSeq });
  }

  #onStartTimeout(run: Run<Port>): void {
    if (run.ready || run !== this.#run) return;
    this.#fail(run, `engine did not report ready within ${this.#options.startTimeoutMs} ms`);
  }

  /** Kills a run that the supervisor judged broken; the exit handler then restarts it. */
  #fail(run: Run<Port>, reason: string): void {
    run.failure = reason;
    this.#log.error({ pid: run.pid, reason }, 'KILLING');
    run.child.kill();
  }

  #onExit(run: Run<Port>, code: number): void {
    this.#clearTimers(run);
    if (run !== this.#run) return;
    this.#run = null;
    this.#status = null;

    if (this.#state.state === 'stopping') {
      this.#log.info({ pid: run.pid, code }, 'EXITED');
      this.#setState({ state: 'stopped' });
      return;
    }
    this.#handleCrash(describeCrash(run, code));
  }

  #handleCrash(reason: string): void {
    const decision = this.#policy.recordCrash(Date.now());
    if (!decision.restart) {
      const why = `${this.#policy.describeWindow()}; last: ${reason}`;
      this.#log.error({ crashes: decision.recentCrashes, reason }, 'FAILED giving up restarting the engine');
      this.#setState({ state: 'failed', reason: why });
      return;
    }

    const { delayMs, recentCrashes } = decision;
    this.#log.error({ reason, crashes: recentCrashes, restartInMs: delayMs }, 'CRASHED');
    this.#setState({ state: 'crashed', reason, restartInMs: delayMs });
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      this.#spawn();
    }, delayMs);
  }

  #forwardLog(record: LogRecord): void {
    this.emit('log', record);
    const { level, msg, time, ...fields } = record;
    const label = this.#log.levels.labels[level] ?? 'info';
    const method = this.#options.log[label as 'info'];
    if (typeof method === 'function') {
      method.call(this.#options.log, { ...fields, process: 'engine', engineTime: time }, msg ?? '');
    }
  }

  #updateStatus(status: HostStatus): void {
    this.#status = status;
    this.emit('status', status);
  }

  #post(run: Run<Port>, message: Parameters<EngineProcess<Port>['postMessage']>[0], transfer?: Port[]): void {
    try {
      run.child.postMessage(message, transfer);
    } catch (error) {
      // The channel closes as the process exits; the exit handler reports that.
      this.#log.warn({ pid: run.pid, type: message.type, error: (error as Error).message }, 'POST_FAILED');
    }
  }

  #setState(change: StateChange): void {
    this.#state = change;
    this.emit('state', change);
  }

  #clearTimers(run: Run<Port>): void {
    for (const timer of run.timers) clearTimeout(timer);
    run.timers = [];
  }

  #cancelRestart(): void {
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
  }
}

function describeCrash(run: Run<unknown>, code: number): string {
  if (run.failure) return run.failure;
  const tail = run.stderrTail.at(-1);
  return tail ? `exit code ${code}: ${tail}` : `exit code ${code}`;
}

async function exitsWithin(run: Run<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const exited = run.exited.then(() => true as const);
  const result = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  return result;
}
