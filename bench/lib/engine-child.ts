// The measured process: a real engine on a prepared data folder, driven over IPC by
// bench/lib/engine-process.ts. argv[2] is the data folder, argv[3] JSON settings
// overrides. It reports its own CPU time and memory, so the driver's work (DNS
// server, SMTP client) is never counted.
import { startEngine } from '../../engine/engine.ts';
import type { Settings } from '../../engine/config/schema.ts';

export type ChildRequest =
  | { id: number; cmd: 'snapshot'; gc?: boolean }
  | { id: number; cmd: 'waitPosts'; count: number; timeoutMs: number }
  | { id: number; cmd: 'waitSessions'; count: number; steadyMs: number; timeoutMs: number }
  | { id: number; cmd: 'stop' };

export interface Snapshot {
  /** Date.now() when the snapshot was taken. */
  at: number;
  /** User plus system CPU seconds of the whole process so far. */
  cpuSeconds: number;
  rss: number;
  /** Peak resident set size of the process so far, in bytes. */
  maxRss: number;
  heapUsed: number;
  activeSessions: number;
}

const dataDir = process.argv[2]!;
const overrides = JSON.parse(process.argv[3] ?? '{}') as Partial<Settings>;
const engine = await startEngine({
  dataDir,
  overrides: {
    'smtp.port': 0,
    'smtp.fallbackPort': 0,
    'smtp.host': '127.0.0.1',
    'http.port': 0,
    'http.host': '127.0.0.1',
    ...overrides,
  },
});
const scheduler = (engine as unknown as { scheduler: { activeSessions: number } }).scheduler;

function snapshot(gc = false): Snapshot {
  if (gc) (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    at: Date.now(),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rss: memory.rss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: memory.heapUsed,
    activeSessions: scheduler.activeSessions,
  };
}

/** Poll for finished posts rather than listening to progress events, which cost a count query per commit. */
const donePosts = engine.store.db.prepare(
  "SELECT count(*) AS n, max(finished_at) AS last FROM posts WHERE kind = 'post' AND state = 'done'",
);

async function waitPosts(count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = donePosts.get() as { n: number; last: number | null };
    if (row.n >= count) return { ...snapshot(), finishedAt: row.last! };
    if (Date.now() > deadline) throw new Error(`only ${row.n} of ${count} posts finished within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Wait until `count` sessions are open and the number has not changed for `steadyMs`. */
async function waitSessions(count: number, steadyMs: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let since = Date.now();
  let last = -1;
  for (;;) {
    const active = scheduler.activeSessions;
    if (active !== last) {
      last = active;
      since = Date.now();
    }
    if (active >= count && Date.now() - since >= steadyMs) return snapshot(true);
    if (Date.now() > deadline) throw new Error(`${active} of ${count} sessions open after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function handle(request: ChildRequest): Promise<unknown> {
  switch (request.cmd) {
    case 'snapshot':
      return snapshot(request.gc);
    case 'waitPosts':
      return waitPosts(request.count, request.timeoutMs);
    case 'waitSessions':
      return waitSessions(request.count, request.steadyMs, request.timeoutMs);
    case 'stop':
      await engine.stop(2000);
      setImmediate(() => process.exit(0));
      return null;
  }
}

// The driver is gone: stop at once rather than linger with open ports.
process.on('disconnect', () => process.exit(1));
process.on('message', (request: ChildRequest) => {
  const reply = (message: object) => {
    if (process.connected) process.send!(message);
  };
  handle(request).then(
    (result) => reply({ id: request.id, result }),
    (error: Error) => reply({ id: request.id, error: error.message }),
  );
});
const status = engine.status();
process.send!({ ready: true, smtpPort: status.smtp.port, snapshot: snapshot(true) });
