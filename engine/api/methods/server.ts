import type { EngineHandle } from '../../engine-types.ts';
import type { ActivityDay, ServerStatus } from '../views.ts';
import type { Handlers } from './types.ts';

const dayMs = 86_400_000;

export function toServerStatus(engine: EngineHandle): ServerStatus {
  return { ...engine.status(), deliveryMode: engine.store.settings.get('delivery.mode') };
}

/** Attempts and bounces per UTC day since `days` days ago, with empty days filled in. */
function activity(engine: EngineHandle, days: number): ActivityDay[] {
  const today = Math.floor(Date.now() / dayMs) * dayMs;
  const since = today - (days - 1) * dayMs;
  const byDay = new Map<number, ActivityDay>();
  for (let day = since; day <= today; day += dayMs) {
    byDay.set(day, { day, delivered: 0, deferred: 0, failed: 0, bounces: 0 });
  }

  const attempts = engine.store.db
    .prepare(
      `SELECT (at / ${dayMs}) * ${dayMs} AS day, action, count(*) AS n
       FROM delivery_events WHERE at >= ? GROUP BY day, action`,
    )
    .all(since) as { day: number; action: string; n: number }[];
  for (const row of attempts) {
    const entry = byDay.get(row.day);
    const key = row.action.toLowerCase();
    if (entry && (key === 'delivered' || key === 'deferred' || key === 'failed')) entry[key] += row.n;
  }

  const bounces = engine.store.db
    .prepare(
      `SELECT (received_at / ${dayMs}) * ${dayMs} AS day, count(*) AS n
       FROM bounce_events WHERE received_at >= ? GROUP BY day`,
    )
    .all(since) as { day: number; n: number }[];
  for (const row of bounces) {
    const entry = byDay.get(row.day);
    if (entry) entry.bounces += row.n;
  }
  return [...byDay.values()];
}

export const serverMethods = {
  'server.status': ({ engine }) => toServerStatus(engine),
  'server.activity': ({ engine }, { days }) => activity(engine, days),
  'server.startSmtp': async ({ engine, hub }) => {
    await engine.startSmtp();
    const status = toServerStatus(engine);
    hub.publish('server.status', status);
    return status;
  },
  'server.stopSmtp': async ({ engine, hub }) => {
    await engine.stopSmtp();
    const status = toServerStatus(engine);
    hub.publish('server.status', status);
    return status;
  },
} satisfies Partial<Handlers>;
