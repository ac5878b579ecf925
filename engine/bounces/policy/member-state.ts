import type { Store } from '../../store/index.ts';

// NOTE: these statements belong in MemberStore; they live here until it offers a
// bounce-state update, so that the policy can run on today's store.

/** Store a member's bounce count and the time of their last counted bounce. */
export function setBounceState(
  store: Store,
  memberId: number,
  bounceCount: number,
  lastBounceAt: number | null,
): void {
  store.db
    .prepare('UPDATE members SET bounce_count = ?, last_bounce_at = ? WHERE id = ?')
    .run(bounceCount, lastBounceAt, memberId);
}

/** Reset the counts of a list's members whose last counted bounce is older than `before`. */
export function resetBounceCountsBefore(store: Store, listId: number, before: number): number {
  return store.db
    .prepare(
      'UPDATE members SET bounce_count = 0 WHERE list_id = ? AND bounce_count > 0 AND last_bounce_at < ?',
    )
    .run(listId, before).changes;
}

/** Delete a list's held members whose status changed before `before`. */
export function deleteHeldBefore(store: Store, listId: number, before: number): number {
  return store.db
    .prepare("DELETE FROM members WHERE list_id = ? AND status = 'held' AND status_at < ?")
    .run(listId, before).changes;
}
