import type { AdminEventName, AdminEvents } from '../../../engine/api/contract.ts';

/** Event listeners by name, shared by both transports. */
export class Listeners {
  readonly #byName = new Map<AdminEventName, Set<(data: never) => void>>();

  add<E extends AdminEventName>(name: E, listener: (data: AdminEvents[E]) => void): () => void {
    const set = this.#byName.get(name) ?? new Set();
    this.#byName.set(name, set);
    set.add(listener as (data: never) => void);
    return () => set.delete(listener as (data: never) => void);
  }

  emit(name: AdminEventName, data: unknown): void {
    for (const listener of this.#byName.get(name) ?? []) listener(data as never);
  }
}
