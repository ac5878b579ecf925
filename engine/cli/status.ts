import type { Command } from 'commander';

import { liveRuntime } from '../runtime.ts';
import type { ListenerStatus } from '../engine-types.ts';
import { output, withStore } from './context.ts';

function describeListener(name: string, status: ListenerStatus): string {
  if (!status.listening || status.port === null) {
    return `${name}: not listening${status.bindError ? ` (${status.bindError})` : ''}`;
  }
  if (status.fallback) {
    return `${name}: port ${status.port} (fallback; port ${status.requestedPort}: ${status.bindError})\n  fix: ${status.fix}`;
  }
  return `${name}: port ${status.port}`;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show whether the server runs, its ports, the queue and recent delivery counts')
    .action(async (_options, command: Command) => {
      await withStore(command, (store) => {
        const runtime = liveRuntime(store);
        const hourAgo = Date.now() - 3_600_000;
        const events = store.deliveries.countEventsSince(hourAgo);
        const posts = store.posts.recent({ kind: 'post', limit: 5 }).map((p) => ({ ...p, progress: store.posts.progress(p.id) }));
        const result = {
          running: runtime !== undefined,
          pid: runtime?.pid ?? null,
          smtp: runtime?.smtp ?? null,
          http: runtime?.http ?? null,
          lists: store.lists.all().length,
          queueSize: store.deliveries.queueSize(),
          lastHour: { delivered: events.DELIVERED ?? 0, deferred: events.DEFERRED ?? 0, failed: events.FAILED ?? 0 },
          recentPosts: posts,
        };
        output(command, result, () => {
          const lines = [runtime ? `Lyre is running (pid ${runtime.pid}).` : 'Lyre is not running on this data folder.'];
          if (runtime) lines.push(describeListener('SMTP', runtime.smtp), describeListener('HTTP', runtime.http));
          lines.push(
            `Lists: ${result.lists}. Queue: ${result.queueSize} copies waiting.`,
            `Last hour: ${result.lastHour.delivered} delivered, ${result.lastHour.deferred} deferred, ${result.lastHour.failed} failed.`,
          );
          for (const p of posts) {
            lines.push(
              `Post ${p.id} "${p.subject}": ${p.progress.delivered} delivered, ${p.progress.deferred} deferred, ` +
                `${p.progress.failed} failed, ${p.progress.remaining} remaining of ${p.progress.total}`,
            );
          }
          return lines.join('\n');
        });
      });
    });
}
