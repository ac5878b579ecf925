import { LyreError } from '../../errors.ts';
import type { List } from '../../store/lists.ts';
import type { Store } from '../../store/index.ts';
import type { ListSummary } from '../views.ts';
import { requireList } from './lookup.ts';
import type { Handlers } from './types.ts';

function memberCounts(store: Store, listId?: number): Map<number, { members: number; held: number }> {
  const rows = store.db
    .prepare(
      `SELECT list_id AS listId, count(*) AS members, coalesce(sum(status = 'held'), 0) AS held
       FROM members ${listId === undefined ? '' : 'WHERE list_id = @listId'} GROUP BY list_id`,
    )
    .all(listId === undefined ? {} : { listId }) as { listId: number; members: number; held: number }[];
  return new Map(rows.map((row) => [row.listId, { members: row.members, held: row.held }]));
}

function summarize(list: List, counts: Map<number, { members: number; held: number }>): ListSummary {
  return { ...list, ...(counts.get(list.id) ?? { members: 0, held: 0 }) };
}

export const listMethods = {
  'lists.list': ({ engine }) => {
    const counts = memberCounts(engine.store);
    return engine.store.lists.all().map((list) => summarize(list, counts));
  },

  'lists.get': ({ engine }, { listId }) => summarize(requireList(engine.store, listId), memberCounts(engine.store, listId)),

  'lists.create': ({ engine }, input) => {
    const list = engine.store.lists.create(input);
    engine.log.child({ subsystem: 'api' }).info({ list: list.name, listId: list.id }, 'CREATED');
    return list;
  },

  'lists.update': ({ engine }, { listId, ...changes }) => {
    requireList(engine.store, listId);
    return engine.store.lists.update(listId, changes);
  },

  'lists.delete': ({ engine }, { listId, confirmName }) => {
    const list = requireList(engine.store, listId);
    if (confirmName !== list.name) {
      throw new LyreError(
        'invalid',
        `Confirmation ${JSON.stringify(confirmName)} does not match the list name ${list.name}; type the name exactly.`,
      );
    }
    engine.store.lists.delete(listId);
    engine.log.child({ subsystem: 'api' }).info({ list: list.name, listId }, 'DELETED');
    return { deleted: true as const };
  },
} satisfies Partial<Handlers>;
