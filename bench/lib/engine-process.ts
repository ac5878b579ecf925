import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { Settings } from '../../engine/config/schema.ts';
import type { ChildRequest, Snapshot } from './engine-child.ts';
import { stopChild, waitForExit } from './processes.ts';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A Lyre engine in a child process of its own, so its CPU time and memory are measured apart. */
export class EngineProcess {
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;

  private constructor(
    readonly child: ChildProcess,
    readonly smtpPort: number,
    /** Taken after start-up and a garbage collection, before any traffic. */
    readonly idle: Snapshot,
  ) {
    child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result);
    });
    child.once('exit', (code) => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error(`engine process exited with ${code}`));
      this.#pending.clear();
    });
  }

  /**
   * Start an engine on `dataDir`. With `cpuProfileDir`, or LYRE_BENCH_CPU_PROF=DIR for
   * every engine, node writes a V8 CPU profile of each of its threads there when it stops.
   */
  static async start(dataDir: string, overrides: Partial<Settings>, cpuProfileDir?: string): Promise<EngineProcess> {
    const profileDir = cpuProfileDir ?? process.env.LYRE_BENCH_CPU_PROF;
    const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    const child = fork(join(import.meta.dirname, 'engine-child.ts'), [dataDir, JSON.stringify(overrides)], {
      execArgv: ['--import', 'tsx', '--expose-gc', ...profile],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<{ smtpPort: number; snapshot: Snapshot }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the engine process did not start within 60 s')), 60_000);
      child.once('message', (message: { ready?: boolean; smtpPort: number; snapshot: Snapshot }) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code) => reject(new Error(`the engine process exited with ${code} before it was ready`)));
    });
    return new EngineProcess(child, ready.smtpPort, ready.snapshot);
  }

  get pid(): number {
    return this.child.pid!;
  }

  request<T>(request: WithoutId<ChildRequest>): Promise<T> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...request, id });
    });
  }

  snapshot(gc = false): Promise<Snapshot> {
    return this.request({ cmd: 'snapshot', gc });
  }

  /**
   * Wait until the engine has settled after its start: snapshots after a garbage
   * collection until RSS has changed by less than 1% for a second, because its worker
   * threads go on loading after startEngine returns. Returns the last snapshot.
   */
  async settle(): Promise<Snapshot> {
    let last = await this.snapshot(true);
    let steadySince = Date.now();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await this.snapshot(true);
      if (Math.abs(now.rss - last.rss) > last.rss * 0.01) steadySince = Date.now();
      last = now;
      if (Date.now() - steadySince >= 1000) break;
    }
    return last;
  }

  /** Resolve once `count` posts are done: every copy delivered or failed, and committed. */
  waitPosts(count: number, timeoutMs: number): Promise<Snapshot & { finishedAt: number }> {
    return this.request({ cmd: 'waitPosts', count, timeoutMs });
  }

  waitSessions(count: number, steadyMs: number, timeoutMs: number): Promise<Snapshot> {
    return this.request({ cmd: 'waitSessions', count, steadyMs, timeoutMs });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await Promise.race([this.request({ cmd: 'stop' }).catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
    await waitForExit(this.child, 5000);
    await stopChild(this.child);
  }
}
