import { setBounceState } from '../../bounces/policy/member-state.ts';
import type { List } from '../../store/lists.ts';
import type { LifecycleContext } from './context.ts';

/** Re-activate every membership of an address that is held for bouncing; returns the lists. */
export function unholdAddress(ctx: LifecycleContext, email: string): List[] {
  const lists: List[] = [];
  for (const member of ctx.store.members.byEmailEverywhere(email)) {
    if (member.status !== 'held') continue;
    const list = ctx.store.lists.get(member.listId);
    if (!list) continue;
    ctx.store.members.setStatus(member.id, 'normal');
    // The count starts again, so one more bounce does not hold the member at once.
    setBounceState(ctx.store, member.id, 0, member.lastBounceAt);
    ctx.log.info({ list: list.name, member: member.id }, 'UNHELD by the member');
    lists.push(list);
  }
  return lists;
}
