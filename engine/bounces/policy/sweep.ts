import type { Store } from '../../store/index.ts';
import { dayMs } from './decide.ts';
import { deleteHeldBefore, resetBounceCountsBefore } from './member-state.ts';

export interface SweepResult {
  listId: number;
  countsReset: number;
  heldRemoved: number;
}

/**
 * Apply the periodic half of the bounce policy to every list: forget the counts of members
 * without a counted bounce for `resetAfterDays`, and remove members held for longer than
 * `removeHeldAfterDays` (0 keeps them). Run it once a day; applyBounceEvent also resets a
 * stale count when the member's next bounce arrives.
 */
export function sweepBounceState(store: Store, at = Date.now()): SweepResult[] {
  return store.db.transaction((): SweepResult[] =>
    store.lists.all().map((list) => {
      const { resetAfterDays, removeHeldAfterDays } = list.settings.bounce;
      const countsReset = resetBounceCountsBefore(store, list.id, at - resetAfterDays * dayMs);
      const heldRemoved =
        removeHeldAfterDays > 0 ? deleteHeldBefore(store, list.id, at - removeHeldAfterDays * dayMs) : 0;
      return { listId: list.id, countsReset, heldRemoved };
    }),
  )();
}
