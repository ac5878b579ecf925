import { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';

import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SMTPServer } from 'smtp-server';

import { receiveBounce } from './bounces/receive.ts';
import { TokenSigner } from './bounces/token.ts';
import type { Settings } from './config/schema.ts';
import { CopyComposer } from './delivery/copies.ts';
import { ResultWriter, type FailedCopy } from './delivery/result-writer.ts';
import { Scheduler } from './delivery/scheduler.ts';
import type { EngineEvents, EngineHandle, EngineStatus, ListenerStatus } from './engine-types.ts';
import { MailboxRunner } from './commands/runner.ts';
import { createPostFromMessage } from './fanout/create-post.ts';
import { leaveByAddress } from './fanout/leave.ts';
import { listenWithFallback, listenOn } from './intake/listen.ts';
import { RelayRoute } from './intake/relay-route.ts';
import { createIntakeServer } from './intake/smtp-server.ts';
import { RelayForwarder } from './relay/forward.ts';
import { createLogger, type EngineLogger } from './log/logger.ts';
import { Processor } from './pipeline/processor.ts';
import { Store } from './store/index.ts';
import { createHttpServer } from './web/server.ts';
import { queueHeldNotice } from './bounces/held-notice.ts';
import { sweepBounceState } from './bounces/policy/index.ts';
import { recordSmtpFailure } from './bounces/smtp-failure.ts';
import { writeRuntime, clearRuntime } from './runtime.ts';

export interface EngineOptions {
  dataDir: string;
  /** Override settings for this run only (the command line's --smtp-port, tests' port 0). */
  overrides?: Partial<Settings>;
  /** Also log to standard output. */
  logStdout?: boolean;
  /** Extra log stream, for example the utility-process bridge. */
  logExtra?: Writable;
  /** Skip the rotating log file (tests). */
  noLogFile?: boolean;
}

const idleListener = (requestedPort: number): ListenerStatus => ({
  listening: false,
  requestedPort,
  port: null,
  fallback: false,
  bindError: null,
  fix: null,
});

/** The running list server: intake, processing, delivery and the HTTP server over one store. */
class Engine implements EngineHandle {
  readonly events = new EventEmitter<EngineEvents>();
  readonly signer: TokenSigner;
  readonly scheduler: Scheduler;
  readonly processor: Processor;
  readonly relay: RelayForwarder;
  /** Lyre's own mailboxes (commands, join, leave, ...) and the notices every feature sends. */
  readonly mailboxes: MailboxRunner;
  #smtp: SMTPServer | undefined;
  #http: FastifyInstance | undefined;
  #smtpStatus: ListenerStatus;
  #httpStatus: ListenerStatus;
  #settingsCache: { at: number; value: Settings } | undefined;
  #startedAt: number | null = null;
  #heartbeat: NodeJS.Timeout | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    readonly store: Store,
    readonly dataDir: string,
    private readonly logger: EngineLogger,
    private readonly overrides: Partial<Settings>,
  ) {
    this.signer = TokenSigner.fromState(store.state);
    const settings = this.settings();
    this.#smtpStatus = idleListener(settings['smtp.port']);
    this.#httpStatus = idleListener(settings['http.port']);
    logger.ring.subscribe((record) => this.events.emit('log', record));
    this.relay = new RelayForwarder(() => this.settings(), this.log);

    const deliveryLog = this.log.child({ subsystem: 'delivery' });
    const composer = new CopyComposer(store, this.signer, () => this.publicUrl(), () => this.settings()['smtp.hostname']);
    const writer = new ResultWriter(
      store,
      (failure: FailedCopy) => {
        const outcome = recordSmtpFailure(store, failure);
        if (outcome?.held && failure.memberId !== null) {
          queueHeldNotice(this.mailboxes.life, failure.memberId, failure.result.reply);
        }
      },
      (posts) => this.#reportProgress(posts),
    );
    this.scheduler = new Scheduler({ store, log: deliveryLog, settings: () => this.settings(), composer, writer, dataDir });

    this.mailboxes = new MailboxRunner({
      store,
      signer: this.signer,
      log: this.log.child({ subsystem: 'commands' }),
      settings: () => this.settings(),
      publicUrl: () => this.publicUrl(),
      wakeDelivery: () => this.scheduler.wake(),
    });

    const pipelineLog = this.log.child({ subsystem: 'pipeline' });
    const bounceLog = this.log.child({ subsystem: 'bounces' });
    this.processor = new Processor(
      store,
      {
        post: (message, route) => createPostFromMessage(store, pipelineLog, message, route),
        bounce: (message, route) => {
          const result = receiveBounce(store, this.signer, bounceLog, message, route);
          if (result.held && result.memberId !== null) queueHeldNotice(this.mailboxes.life, result.memberId, result.detail);
        },
        leave: (message, route) => leaveByAddress(this.mailboxes.life, pipelineLog, message, route),
        mailbox: (message, route) => this.mailboxes.accept(message, route),
      },
      pipelineLog,
      () => this.scheduler.wake(),
    );
  }

  get log(): Logger {
    return this.logger.root;
  }

  get logs() {
    return this.logger.ring;
  }

  /** Settings from the store, re-read at most every half second so changes apply without a restart. */
  settings(): Settings {
    const now = Date.now();
    if (!this.#settingsCache || now - this.#settingsCache.at > 500) {
      this.#settingsCache = { at: now, value: { ...this.store.settings.all(), ...this.overrides } };
    }
    return this.#settingsCache.value;
  }

  publicUrl(): string {
    const settings = this.settings();
    const configured = settings['http.publicUrl'].replace(/\/+$/, '');
    return configured || `http://localhost:${this.#httpStatus.port ?? settings['http.port']}`;
  }

  async start(): Promise<void> {
    this.#startedAt = Date.now();
    this.processor.wake();
    this.scheduler.start();
    this.mailboxes.start();
    await this.#startHttp();
    await this.startSmtp();
    this.#writeRuntime();
    this.#heartbeat = setInterval(() => this.#writeRuntime(), 5000);
    this.#heartbeat.unref();
    this.#sweepBounces();
    this.#sweep = setInterval(() => this.#sweepBounces(), 3_600_000);
    this.#sweep.unref();
    this.log.info({ subsystem: 'engine', dataDir: this.dataDir, smtp: this.#smtpStatus.port, http: this.#httpStatus.port }, 'STARTED');
  }

  async startSmtp(): Promise<void> {
    if (this.#smtp) return;
    const settings = this.settings();
    const log = this.log.child({ subsystem: 'intake' });
    const server = createIntakeServer({
      store: this.store,
      router: { store: this.store, signer: this.signer },
      log,
      settings: () => this.settings(),
      onCommitted: () => this.processor.wake(),
      relay: new RelayRoute(this.relay),
    });
    try {
      const { status } = await listenWithFallback(
        () => server.server,
        settings['smtp.port'],
        settings['smtp.fallbackPort'],
        settings['smtp.host'],
      );
      this.#smtpStatus = status;
      this.#smtp = server;
      if (status.fallback) {
        log.warn({ port: status.requestedPort, fallback: status.port, reason: status.bindError, fix: status.fix }, 'FALLBACK port in use');
      }
      log.info({ port: status.port }, 'LISTENING for SMTP');
    } catch (error) {
      const failure = error as Error & { reason?: string; fix?: string };
      this.#smtpStatus = { ...idleListener(settings['smtp.port']), bindError: failure.reason ?? failure.message, fix: failure.fix ?? null };
      log.error({ err: error }, 'FAILED to listen for SMTP');
      throw error;
    } finally {
      this.#emitStatus();
    }
  }

  async stopSmtp(): Promise<void> {
    const server = this.#smtp;
    if (!server) return;
    this.#smtp = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.#smtpStatus = { ...this.#smtpStatus, listening: false, port: null };
    this.log.info({ subsystem: 'intake' }, 'STOPPED listening for SMTP');
    this.#emitStatus();
  }

  async #startHttp(): Promise<void> {
    const settings = this.settings();
    const app = await createHttpServer({ engine: this, signer: this.signer, lifecycle: this.mailboxes.life });
    try {
      await app.ready();
      const port = await listenOn(app.server, settings['http.port'], settings['http.host']);
      this.#http = app;
      this.#httpStatus = { listening: true, requestedPort: settings['http.port'], port, fallback: false, bindError: null, fix: null };
      this.log.info({ subsystem: 'web', port, host: settings['http.host'] }, 'LISTENING for HTTP');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.#httpStatus = {
        ...idleListener(settings['http.port']),
        bindError: `listening on port ${settings['http.port']} failed: ${code}`,
        fix: 'Choose another port with `lyre config set http.port N` and restart.',
      };
      this.log.error({ subsystem: 'web', err: error }, 'FAILED to listen for HTTP; unsubscribe links will not work');
      await app.close();
    }
  }

  /** Reset stale bounce counts and remove long-held members, as each list's policy says; runs hourly. */
  #sweepBounces(): void {
    try {
      for (const result of sweepBounceState(this.store)) {
        if (result.countsReset === 0 && result.heldRemoved === 0) continue;
        this.log.info({ subsystem: 'bounces', ...result }, 'SWEPT bounce state');
      }
    } catch (error) {
      this.log.error({ subsystem: 'bounces', err: error }, 'FAILED bounce sweep');
    }
  }

  wakeDelivery(): void {
    this.scheduler.wake();
  }

  status(): EngineStatus {
    const since = Date.now() - 60_000;
    return {
      running: !this.#stopped && this.#startedAt !== null,
      pid: process.pid,
      startedAt: this.#startedAt,
      dataDir: this.dataDir,
      smtp: { ...this.#smtpStatus, listening: this.#smtp !== undefined && this.#smtpStatus.listening },
      http: this.#httpStatus,
      queueSize: this.store.deliveries.queueSize(),
      deliveriesPerMinute: this.store.deliveries.countEventsSince(since).DELIVERED ?? 0,
      recentErrors: this.logs.recent(20, 40),
      relay: this.relay.relayStatus(),
    };
  }

  #emitStatus(): void {
    this.events.emit('status', this.status());
    this.#writeRuntime();
  }

  #writeRuntime(): void {
    if (this.#stopped || this.#startedAt === null) return;
    try {
      writeRuntime(this.store, { pid: process.pid, startedAt: this.#startedAt, smtp: this.#smtpStatus, http: this.#httpStatus });
    } catch (error) {
      this.log.warn({ subsystem: 'engine', err: error }, 'FAILED to write runtime status');
    }
  }

  #reportProgress(posts: Set<number>): void {
    if (this.events.listenerCount('post-progress') === 0) return;
    for (const postId of posts) {
      const progress = this.store.posts.progress(postId);
      this.events.emit('post-progress', { postId, progress, done: progress.remaining === 0 });
    }
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.#stopped) return;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    if (this.#sweep) clearInterval(this.#sweep);
    const log = this.log.child({ subsystem: 'engine' });
    log.info({ timeoutMs }, 'STOPPING');
    const smtp = this.#smtp;
    this.#smtp = undefined;
    this.processor.stop();
    await Promise.all([
      smtp ? new Promise<void>((resolve) => smtp.close(() => resolve())) : undefined,
      this.scheduler.stop(timeoutMs),
      this.mailboxes.stop(),
      this.#http?.close(),
    ]);
    this.#stopped = true;
    clearRuntime(this.store, process.pid);
    log.info('STOPPED');
    await this.logger.close();
    this.store.close();
  }
}

/** Open the store in `dataDir` and start every part of the engine. */
export async function startEngine(
  options: EngineOptions,
): Promise<EngineHandle & { settings(): Settings; publicUrl(): string; signer: TokenSigner; mailboxes: MailboxRunner }> {
  const store = Store.open(options.dataDir);
  const overrides = options.overrides ?? {};
  const level = overrides['log.level'] ?? store.settings.get('log.level');
  const logger = await createLogger({
    level,
    logDir: options.noLogFile ? undefined : `${options.dataDir}/logs`,
    stdout: options.logStdout,
    extra: options.logExtra,
  });
  const engine = new Engine(store, options.dataDir, logger, overrides);
  try {
    await engine.start();
  } catch (error) {
    await engine.stop(1000).catch(() => {});
    throw error;
  }
  return engine;
}

export type RunningEngine = Awaited<ReturnType<typeof startEngine>>;
