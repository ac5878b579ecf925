import { hostname as machineName } from 'node:os';
import { join } from 'node:path';

import type { Logger } from 'pino';

import type { Settings } from '../config/schema.ts';
import type { Store } from '../store/index.ts';
import type { AttemptResult, ClaimedDelivery } from '../store/deliveries.ts';
import { CaptureSession } from './capture.ts';
import type { CopyComposer } from './copies.ts';
import { MxResolver, ResolveError, parseHostPort, type Target } from './mx.ts';
import { Presigner } from './presigner.ts';
import type { OutboundSession, SendOutcome } from './outcome.ts';
import type { FailedCopy, ResultWriter } from './result-writer.ts';
import { afterTemporaryFailure } from './retry.ts';
import { openSmtpSession } from './smtp-session.ts';

/** Copies waiting for one destination (a domain, the smarthost, or the capture folder). */
interface RouteQueue {
  key: string;
  items: ClaimedDelivery[];
  connections: number;
  /** Current connection limit; halved after a throttling reply, then restored step by step. */
  limit: number;
  pausedUntil: number;
  /** When the last "unreachable" line was logged, so it is logged once per outage, not per copy. */
  unreachableLoggedAt: number;
  /** In mx mode, the "ip:port" of the domain's first MX once resolved, or null when resolving failed. */
  endpoint?: string | null;
}

/** A copy a session has taken, with the queue it came from. */
interface Taken {
  delivery: ClaimedDelivery;
  queue: RouteQueue;
}

export interface SchedulerDeps {
  store: Store;
  log: Logger;
  settings: () => Settings;
  composer: CopyComposer;
  writer: ResultWriter;
  dataDir: string;
}

const throttleCodes = new Set([421, 451]);

/** How each `delivery.smarthostTls` value maps to the session's TLS mode. */
const smarthostTlsModes = {
  starttls: 'opportunistic',
  required: 'required',
  tls: 'implicit',
  none: 'none',
} as const;

/**
 * The outbound scheduler. It claims due copies from the store in batches, queues them
 * per destination, and runs sessions under a global limit and a per-destination
 * limit, reusing each connection for several copies. Every result is committed before
 * that session sends its next copy.
 */
export class Scheduler {
  readonly #queues = new Map<string, RouteQueue>();
  readonly #postRefs = new Map<number, number>();
  readonly #workers = new Set<Promise<void>>();
  #active = 0;
  #held = 0;
  #tickScheduled = false;
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;
  #resolver: MxResolver | undefined;
  #resolverKey = '';
  #cursor = 0;
  readonly #presigner: Presigner;

  constructor(private readonly deps: SchedulerDeps) {
    this.#presigner = new Presigner(deps.dataDir, deps.log);
  }

  start(): void {
    const released = this.deps.store.deliveries.releaseClaims();
    if (released > 0) this.deps.log.info({ released }, 'RESUMED copies that were in flight at the last stop');
    this.#timer = setInterval(() => this.wake(), 1000);
    this.#timer.unref();
    this.#presigner.start();
    this.wake();
  }

  /** Ask for a scheduling pass soon; calls in the same turn are folded into one. */
  wake(): void {
    if (this.#tickScheduled || this.#stopping) return;
    this.#tickScheduled = true;
    setImmediate(() => {
      this.#tickScheduled = false;
      try {
        this.#tick();
      } catch (error) {
        this.deps.log.error({ err: error }, 'FAILED scheduling pass');
      }
    });
  }

  get activeSessions(): number {
    return this.#active;
  }

  /** List each destination with copies in memory: how many wait, its connections and its limit. */
  destinations(): { route: string; waiting: number; connections: number; limit: number; pausedUntil: number }[] {
    return [...this.#queues.values()].map((q) => ({
      route: q.key,
      waiting: q.items.length,
      connections: q.connections,
      limit: q.limit,
      pausedUntil: q.pausedUntil,
    }));
  }

  /** Copies held in memory, waiting or being sent. */
  get heldCopies(): number {
    return this.#held;
  }

  /** Stop taking copies, let running sends finish within `timeoutMs`, and hand the rest back to the store. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    const waiting: number[] = [];
    for (const queue of this.#queues.values()) {
      waiting.push(...queue.items.map((d) => d.id));
      queue.items = [];
    }
    this.deps.store.deliveries.release(waiting);
    const all = Promise.all([...this.#workers]);
    await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    this.deps.writer.close();
    await this.#presigner.close();
  }

  #tick(): void {
    if (this.#stopping) return;
    const settings = this.deps.settings();
    this.#refill(settings);
    this.#spawn(settings);
  }

  /** Claim due copies when fewer than half of the in-memory budget are held. */
  #refill(settings: Settings): void {
    const budget = Math.max(2000, settings['delivery.concurrency'] * 20);
    if (this.#held > budget / 2) return;
    const now = Date.now();
    // A read on the partial index first: most wakes (a post with no copies, a command
    // reply already claimed) find nothing due, and a claim is a write transaction.
    const due = this.deps.store.deliveries.nextDueAt();
    if (due === null || due > now) return;
    const claimed = this.deps.store.deliveries.claimDue(now, budget - this.#held);
    this.#presigner.request(claimed);
    for (const delivery of claimed) {
      const key = this.#routeKey(settings, delivery.domain);
      let queue = this.#queues.get(key);
      if (!queue) {
        queue = { key, items: [], connections: 0, limit: this.#limitFor(settings), pausedUntil: 0, unreachableLoggedAt: 0 };
        this.#queues.set(key, queue);
        if (settings['delivery.mode'] === 'mx') this.#resolveEndpoint(queue, settings);
      }
      queue.items.push(delivery);
      this.#held += 1;
      this.#postRefs.set(delivery.postId, (this.#postRefs.get(delivery.postId) ?? 0) + 1);
    }
  }

  #routeKey(settings: Settings, domain: string): string {
    const mode = settings['delivery.mode'];
    return mode === 'mx' ? domain : `:${mode}`;
  }

  #limitFor(settings: Settings): number {
    const mode = settings['delivery.mode'];
    if (mode === 'smarthost') return settings['delivery.smarthostConnections'];
    if (mode === 'capture') return settings['delivery.concurrency'];
    return settings['delivery.perDomainConnections'];
  }

  /** Start sessions, visiting destinations in turn so that one large domain cannot take every slot. */
  #spawn(settings: Settings): void {
    const now = Date.now();
    const queues = [...this.#queues.values()];
    if (queues.length === 0) return;
    let progressed = true;
    while (progressed && this.#active < settings['delivery.concurrency']) {
      progressed = false;
      for (let i = 0; i < queues.length && this.#active < settings['delivery.concurrency']; i++) {
        const queue = queues[(this.#cursor + i) % queues.length]!;
        const idle = queue.items.length - queue.connections;
        if (idle <= 0 || queue.connections >= queue.limit || queue.pausedUntil > now) continue;
        this.#startWorker(queue, settings);
        progressed = true;
      }
      this.#cursor = (this.#cursor + 1) % queues.length;
    }
    for (const [key, queue] of this.#queues) {
      if (queue.items.length === 0 && queue.connections === 0 && queue.pausedUntil <= now) this.#queues.delete(key);
    }
  }

  /** Look up a new domain's first MX in the background, so sessions to that address can take its copies. */
  #resolveEndpoint(queue: RouteQueue, settings: Settings): void {
    this.#mxResolver(settings)
      .resolve(queue.key)
      .then(
        (targets) => (queue.endpoint = targets[0] ? `${targets[0].ip}:${targets[0].port}` : null),
        () => (queue.endpoint = null),
      );
  }

  #startWorker(queue: RouteQueue, settings: Settings): void {
    this.#active += 1;
    queue.connections += 1;
    const worker = { queue };
    const running = this.#runWorker(worker, settings)
      .catch((error) => this.deps.log.error({ err: error, route: worker.queue.key }, 'FAILED delivery session'))
      .finally(() => {
        this.#active -= 1;
        worker.queue.connections -= 1;
        this.#workers.delete(running);
        this.wake();
      });
    this.#workers.add(running);
  }

  /**
   * Find another domain whose first MX is the session's address and that has copies
   * no session has taken yet, within its connection limit.
   */
  #sharingQueue(endpoint: string | undefined, now: number): RouteQueue | undefined {
    if (endpoint === undefined) return undefined;
    for (const queue of this.#queues.values()) {
      if (queue.endpoint !== endpoint || queue.items.length <= queue.connections) continue;
      if (queue.connections < queue.limit && queue.pausedUntil <= now) return queue;
    }
    return undefined;
  }

  /**
   * Take the session's next copy: from its domain, or else from another domain served
   * by the same address, to which the session then counts as a connection. Copies for
   * other domains hosted on the same server reuse this connection, as MTAs do with a
   * connection cache (Postfix's scache).
   */
  #take(worker: { queue: RouteQueue }, session: OutboundSession): Taken | undefined {
    let queue = worker.queue;
    if (queue.items.length === 0) {
      const other = this.#sharingQueue(session.endpoint, Date.now());
      if (!other) return undefined;
      queue.connections -= 1;
      other.connections += 1;
      worker.queue = queue = other;
    }
    const delivery = queue.items.shift();
    return delivery ? { delivery, queue } : undefined;
  }

  /**
   * Whether a copy can be taken ahead without leaving a connection of the queue
   * without one. A session that can move on to other domains counts the copies held
   * for all destinations, which is cheaper than finding the domain it would move to.
   */
  #hasSpare(queue: RouteQueue, session: OutboundSession): boolean {
    if (queue.items.length >= queue.connections) return true;
    return session.endpoint !== undefined && this.#held >= 2 * this.#active;
  }

  /** Hand back a copy taken ahead but not sent: to the front of its queue, or to the store when stopping. */
  #putBack(taken: Taken): void {
    if (this.#stopping) {
      this.deps.store.deliveries.release([taken.delivery.id]);
      this.#forget(taken.delivery);
    } else {
      taken.queue.items.unshift(taken.delivery);
    }
  }

  /**
   * Send copies over one session: the worker's domain first, then other domains
   * served by the same address. When the session pipelines, the next copy is taken
   * before the current one is sent, so its envelope goes out with the current data.
   */
  async #runWorker(worker: { queue: RouteQueue }, settings: Settings): Promise<void> {
    const opened = await this.#open(worker.queue.key, settings);
    if ('failure' in opened) {
      await this.#failQueue(worker.queue, opened.failure, opened.permanent);
      return;
    }
    const session = opened.session;
    const max = settings['delivery.messagesPerConnection'];
    let sent = 0;
    let current = this.#take(worker, session);
    try {
      while (current && !this.#stopping && session.usable && sent < max) {
        const ahead = session.canSendAhead && sent + 1 < max && this.#hasSpare(worker.queue, session);
        const next = ahead ? this.#take(worker, session) : undefined;
        const outcome = await this.#sendOne(session, current.delivery, next?.delivery);
        sent += 1;
        const done = current.queue;
        current = next;
        if (outcome.kind === 'temporary' && outcome.replyCode !== null && throttleCodes.has(outcome.replyCode)) {
          this.#throttle(done, settings, outcome);
          break;
        }
        if (outcome.kind === 'delivered' && done.limit < this.#limitFor(settings) && Date.now() > done.pausedUntil) {
          done.limit += 1;
        }
        current ??= this.#take(worker, session);
      }
    } finally {
      if (current) {
        session.abandonAhead?.();
        this.#putBack(current);
      }
      await session.close();
    }
  }

  #throttle(queue: RouteQueue, settings: Settings, outcome: SendOutcome): void {
    queue.limit = Math.max(1, Math.floor(queue.limit / 2));
    queue.pausedUntil = Date.now() + settings['delivery.throttleBackoff'];
    this.deps.log.warn(
      { route: queue.key, code: outcome.replyCode, mx: outcome.remoteHost, limit: queue.limit },
      'THROTTLED destination; fewer connections and a pause',
    );
  }

  async #open(
    key: string,
    settings: Settings,
  ): Promise<{ session: OutboundSession } | { failure: SendOutcome; permanent: boolean }> {
    const mode = settings['delivery.mode'];
    if (mode === 'capture') {
      return { session: new CaptureSession(settings['delivery.captureDir'] || join(this.deps.dataDir, 'outbox')) };
    }
    const heloName = settings['delivery.heloName'] || settings['smtp.hostname'] || machineName();
    const timeoutMs = settings['delivery.timeout'];
    if (mode === 'smarthost') {
      if (!settings['delivery.smarthost']) {
        const reply = 'delivery.mode is smarthost but delivery.smarthost is empty; set it with `lyre config set delivery.smarthost host:port`';
        return { failure: { kind: 'temporary', remoteHost: null, replyCode: null, reply, command: 'CONN' }, permanent: false };
      }
      const { host, port } = parseHostPort(settings['delivery.smarthost'], 587);
      const user = settings['delivery.smarthostUser'];
      const result = await openSmtpSession([{ host, ip: host, port }], {
        heloName,
        timeoutMs,
        tls: smarthostTlsModes[settings['delivery.smarthostTls']],
        verifyCertificate: settings['delivery.smarthostVerifyCertificate'],
        auth: user ? { user, pass: settings['delivery.smarthostPassword'] } : undefined,
      });
      return 'session' in result ? result : { failure: result.failure, permanent: false };
    }

    let targets: Target[];
    try {
      targets = await this.#mxResolver(settings).resolve(key);
    } catch (error) {
      const permanent = error instanceof ResolveError && error.permanent;
      const reply = (error as Error).message;
      return { failure: { kind: permanent ? 'permanent' : 'temporary', remoteHost: null, replyCode: null, reply, command: 'DNS' }, permanent };
    }
    const result = await openSmtpSession(targets, { heloName, timeoutMs, tls: 'opportunistic', verifyCertificate: false });
    return 'session' in result ? result : { failure: result.failure, permanent: false };
  }

  #mxResolver(settings: Settings): MxResolver {
    const key = `${settings['delivery.dnsServers']}|${settings['delivery.mxPort']}`;
    if (!this.#resolver || key !== this.#resolverKey) {
      this.#resolver = new MxResolver(settings['delivery.dnsServers'], settings['delivery.mxPort']);
      this.#resolverKey = key;
    }
    return this.#resolver;
  }

  /** A destination could not be reached: every copy waiting for it gets this attempt's result. */
  async #failQueue(queue: RouteQueue, failure: SendOutcome, permanent: boolean): Promise<void> {
    if (queue.connections > 1) return;
    const now = Date.now();
    if (now - queue.unreachableLoggedAt > 60_000) {
      queue.unreachableLoggedAt = now;
      this.deps.log.warn(
        { route: queue.key, mx: failure.remoteHost, waiting: queue.items.length, permanent },
        `UNREACHABLE destination: ${failure.reply}`,
      );
    }
    const items = queue.items;
    queue.items = [];
    await Promise.all(items.map((d) => this.#record(d, failure, 0)));
  }

  /** Send one copy, with the envelope of `next` ahead when given, and wait for its result's commit. */
  async #sendOne(session: OutboundSession, delivery: ClaimedDelivery, next?: ClaimedDelivery): Promise<SendOutcome> {
    const started = Date.now();
    const prepared = this.deps.composer.prepared(delivery.postId);
    const nextPrepared = next ? this.deps.composer.prepared(next.postId) : undefined;
    const ahead =
      next && nextPrepared
        ? { from: this.deps.composer.envelopeFrom(nextPrepared, next, this.#presigner.peek(next.id)), to: next.rcpt }
        : undefined;
    const tokens = this.#presigner.take(delivery.id);
    let outcome: SendOutcome;
    if (!prepared) {
      // An envelope sent ahead for this copy cannot be used now.
      session.abandonAhead?.();
      outcome = { kind: 'permanent', remoteHost: null, replyCode: null, reply: 'the post was deleted before this copy was sent' };
    } else {
      const from = this.deps.composer.envelopeFrom(prepared, delivery, tokens);
      const chunks = this.deps.composer.chunks(prepared, delivery, delivery.memberName, tokens);
      outcome = await session.send({ from, to: delivery.rcpt }, chunks, ahead);
    }
    await this.#record(delivery, outcome, Date.now() - started);
    return outcome;
  }

  /** Turn an outcome into the delivery's new state and wait for it to be committed. */
  async #record(delivery: ClaimedDelivery, outcome: SendOutcome, durationMs: number): Promise<void> {
    const now = Date.now();
    const settings = this.deps.settings();
    let status: AttemptResult['status'];
    let nextAttemptAt: number | undefined;
    let reply = outcome.reply;
    if (outcome.kind === 'delivered') {
      status = 'delivered';
    } else if (outcome.kind === 'permanent') {
      status = 'failed';
    } else {
      const decision = afterTemporaryFailure(settings, delivery.attempts + 1, delivery.firstAttemptAt ?? now, now);
      if (decision.status === 'failed') {
        status = 'failed';
        reply = `${decision.reason}; last reply: ${outcome.reply}`;
      } else {
        status = 'deferred';
        nextAttemptAt = decision.nextAttemptAt;
      }
    }

    const result: AttemptResult = {
      deliveryId: delivery.id,
      status,
      at: now,
      nextAttemptAt,
      remoteHost: outcome.remoteHost,
      replyCode: outcome.replyCode,
      reply,
      durationMs,
    };
    const post = this.deps.composer.prepared(delivery.postId)?.post;
    const failure: FailedCopy | undefined =
      status === 'failed'
        ? {
            result,
            postId: delivery.postId,
            listId: post?.listId ?? null,
            memberId: delivery.memberId,
            rcpt: delivery.rcpt,
            permanent: outcome.kind === 'permanent',
          }
        : undefined;

    const logFields = {
      post: delivery.postId,
      delivery: delivery.id,
      rcpt: delivery.rcpt,
      mx: outcome.remoteHost,
      code: outcome.replyCode,
      attempt: delivery.attempts + 1,
    };
    if (status === 'delivered') this.deps.log.debug(logFields, 'DELIVERED');
    else if (status === 'deferred') this.deps.log.info({ ...logFields, next: new Date(nextAttemptAt!).toISOString(), reply }, 'DEFERRED');
    else this.deps.log.info({ ...logFields, reply }, 'FAILED');

    try {
      await this.deps.writer.record(result, delivery.postId, failure);
    } finally {
      this.#forget(delivery);
    }
  }

  /** Stop holding a copy in memory, and its post's template once no copy of it is held. */
  #forget(delivery: ClaimedDelivery): void {
    this.#presigner.take(delivery.id);
    this.#held -= 1;
    const refs = (this.#postRefs.get(delivery.postId) ?? 1) - 1;
    if (refs <= 0) {
      this.#postRefs.delete(delivery.postId);
      this.deps.composer.release(delivery.postId);
    } else {
      this.#postRefs.set(delivery.postId, refs);
    }
  }
}
