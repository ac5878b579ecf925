import { hostname as machineName } from 'node:os';

import type { Logger } from 'pino';

import type { TokenSigner } from '../bounces/token.ts';
import type { Settings } from '../config/schema.ts';
import { expireConfirmations } from '../members/lifecycle/confirm.ts';
import type { LifecycleContext } from '../members/lifecycle/context.ts';
import { MemberLinks } from '../notices/links.ts';
import { Notices } from '../notices/notices.ts';
import { utcDay, ReplyLimit } from '../notices/reply-limit.ts';
import { NoticeWorker } from '../notices/worker.ts';
import type { Store } from '../store/index.ts';
import type { IncomingMessage } from '../store/incoming.ts';
import { automatedReason } from './automated.ts';
import { mailboxHandlers } from './mailboxes/index.ts';
import { routeHost } from './mailboxes/reply.ts';
import type { MailboxContext } from './mailboxes/types.ts';
import { maskStoredPasswords } from './mask.ts';
import { readMail, type InboundMail } from './read-mail.ts';
import { MailboxTasks, type MailboxRoute, type MailboxTask } from './tasks.ts';

export interface MailboxRunnerOptions {
  store: Store;
  signer: TokenSigner;
  log: Logger;
  settings: () => Settings;
  publicUrl: () => string;
  /** Wake the delivery scheduler after notices are queued. */
  wakeDelivery: () => void;
}

// Expired confirmation requests and old reply counts are cleared this often.
const sweepMs = 3_600_000;
const dayMs = 86_400_000;

/**
 * Handles the messages routed to Lyre's own mailboxes. The processor records each as
 * a durable task in the message's transaction (`accept`). This runner then reads the
 * message and lets its mailbox prepare, for example by waiting for scrypt password
 * checks. Handling and marking the task done share one transaction, so a crash
 * replays the task whole.
 */
export class MailboxRunner {
  readonly life: LifecycleContext;
  readonly notices: Notices;
  readonly #tasks: MailboxTasks;
  readonly #worker: NoticeWorker;
  readonly #log: Logger;
  #running = false;
  #again = false;
  #stopped = false;
  #idle: Promise<void> = Promise.resolve();
  #sweep: NodeJS.Timeout | undefined;

  constructor(private readonly options: MailboxRunnerOptions) {
    const { store } = options;
    this.#log = options.log;
    this.#tasks = new MailboxTasks(store.db);
    this.notices = new Notices({
      db: store.db,
      log: options.log.child({ subsystem: 'notices' }),
      maxRepliesPerDay: () => options.settings()['commands.maxRepliesPerDay'],
      wake: () => this.#worker.wake(),
    });
    this.#worker = new NoticeWorker(store, this.notices.outbox, options.log.child({ subsystem: 'notices' }), options.wakeDelivery);
    this.life = {
      store,
      links: new MemberLinks(options.signer, options.publicUrl),
      notices: this.notices,
      log: options.log,
      settings: options.settings,
    };
  }

  /** Record a routed recipient as a task; runs inside the processor's transaction. */
  accept(message: IncomingMessage, route: MailboxRoute): void {
    this.#tasks.add(message.id, route);
    this.wake();
  }

  start(): void {
    this.#worker.start();
    this.#sweepNow();
    this.#sweep = setInterval(() => this.#sweepNow(), sweepMs);
    this.#sweep.unref();
    this.wake();
  }

  /** Take no more work and wait for the task and notice in hand. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#sweep) clearInterval(this.#sweep);
    await this.#idle;
    await this.#worker.stop();
  }

  /** Handle every pending task; calls made while running are folded into one more pass. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.#idle = new Promise((resolve) => setImmediate(() => void this.#drain().finally(resolve)));
  }

  async #drain(): Promise<void> {
    try {
      for (;;) {
        if (this.#stopped) break;
        const tasks = this.#tasks.pending(20);
        if (tasks.length === 0) break;
        for (const task of tasks) {
          if (this.#stopped) break;
          await this.#runOne(task);
        }
      }
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    }
  }

  async #runOne(task: MailboxTask): Promise<void> {
    const { store } = this.options;
    const log = this.#log.child({ incoming: task.incomingId, task: task.id, mailbox: task.route.mailbox });
    const incoming = store.incoming.get(task.incomingId);
    if (!incoming) {
      this.#tasks.finish(task.id, 'failed', 'the message is no longer stored');
      return;
    }
    const handler = mailboxHandlers[task.route.mailbox];
    let mail: InboundMail | undefined;
    try {
      mail = await readMail(incoming, task.route);
      const list = task.route.listId !== null ? (store.lists.get(task.route.listId) ?? null) : null;
      const ctx: MailboxContext = { life: { ...this.life, log }, ownHosts: this.#ownHosts(routeHost(mail)), automated: null, list };
      ctx.automated = automatedReason(mail, ctx.ownHosts);
      if (task.route.listId !== null && !list) {
        this.#tasks.finish(task.id, 'done', 'ignored: the list no longer exists');
        return;
      }
      const loop = ctx.automated === 'X-Loop naming Lyre';
      if (ctx.automated && (!handler.acceptsAutomated || loop)) {
        log.info({ sender: mail.sender?.address, reason: ctx.automated }, 'IGNORED automated message');
        this.#tasks.finish(task.id, 'done', `ignored: ${ctx.automated}`);
        return;
      }
      const prepared = handler.prepare ? await handler.prepare(ctx, mail) : undefined;
      if (this.#stopped) return;
      const read = mail;
      store.db.transaction(() => {
        const outcome = handler.handle(ctx, read, prepared);
        this.#tasks.finish(task.id, 'done', outcome);
        log.info({ sender: read.sender?.address, outcome }, 'HANDLED');
      })();
    } catch (error) {
      this.#tasks.finish(task.id, 'failed', error instanceof Error ? error.message : String(error));
      // A message kept for an administrator to look at must not keep a login password either.
      if (mail) maskStoredPasswords(store.db, mail);
      log.error({ err: error }, 'FAILED mailbox task');
    }
  }

  /** Host names whose lyre@ address in X-Loop marks Lyre's own mail. */
  #ownHosts(routeDomain: string): Set<string> {
    const hosts = new Set(this.options.store.lists.all().map((list) => list.host.toLowerCase()));
    hosts.add(routeDomain);
    hosts.add((this.options.settings()['smtp.hostname'] || machineName()).toLowerCase());
    return hosts;
  }

  #sweepNow(): void {
    try {
      expireConfirmations(this.life);
      new ReplyLimit(this.options.store.db).prune(utcDay(Date.now() - 2 * dayMs));
    } catch (error) {
      this.#log.error({ err: error }, 'FAILED to expire confirmation requests');
    }
  }
}
