import type { ListenerStatus } from './engine-types.ts';
import type { Store } from './store/index.ts';

/** What a running server publishes in the store for `lyre status` in another process. */
export interface RuntimeRecord {
  pid: number;
  startedAt: number;
  heartbeatAt: number;
  smtp: ListenerStatus;
  http: ListenerStatus;
}

/** A server whose heartbeat is older than this is taken as stopped (it writes every 5 s). */
const staleAfterMs = 20_000;

export function writeRuntime(store: Store, record: Omit<RuntimeRecord, 'heartbeatAt'>): void {
  store.state.set('runtime', JSON.stringify({ ...record, heartbeatAt: Date.now() }));
}

export function clearRuntime(store: Store, pid: number): void {
  const current = readRuntime(store);
  if (current && current.pid === pid) store.state.delete('runtime');
}

export function readRuntime(store: Store): RuntimeRecord | undefined {
  const text = store.state.get('runtime');
  return text ? (JSON.parse(text) as RuntimeRecord) : undefined;
}

/** The running server's record, or undefined when none runs on this data folder. */
export function liveRuntime(store: Store): RuntimeRecord | undefined {
  const record = readRuntime(store);
  if (!record) return undefined;
  if (Date.now() - record.heartbeatAt > staleAfterMs) return undefined;
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
  }
  return record;
}
