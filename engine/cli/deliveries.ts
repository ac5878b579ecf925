import type { Command } from 'commander';

import { LyreError } from '../errors.ts';
import type { DeliveryStatus } from '../store/deliveries.ts';
import { output, table, usageError, withStore } from './context.ts';

const statuses: DeliveryStatus[] = ['queued', 'deferred', 'delivered', 'failed'];

export function registerDeliveryCommands(program: Command): void {
  program
    .command('deliveries <post>')
    .description("show a post's progress and the result for each recipient")
    .option('--status <status>', `only recipients with this status: ${statuses.join(', ')}`)
    .option('--domain <domain>', 'only recipients at this domain')
    .option('--limit <n>', 'show at most this many recipients', '200')
    .action(async (postText: string, options: { status?: string; domain?: string; limit: string }, command: Command) => {
      const postId = Number(postText);
      if (!Number.isInteger(postId) || postId <= 0) usageError(`Invalid post id ${JSON.stringify(postText)}: give the number shown by \`lyre status\`.`);
      if (options.status && !statuses.includes(options.status as DeliveryStatus)) {
        usageError(`Invalid --status ${JSON.stringify(options.status)}: use one of ${statuses.join(', ')}.`);
      }
      await withStore(command, (store) => {
        const post = store.posts.get(postId);
        if (!post) throw new LyreError('not_found', `Post ${postId} not found; \`lyre status\` shows recent posts.`);
        const progress = store.posts.progress(postId);
        const page = store.deliveries.query({
          postId,
          status: options.status as DeliveryStatus | undefined,
          domain: options.domain,
          limit: Number(options.limit) || 200,
        });
        output(command, { post, progress, ...page }, () =>
          [
            `Post ${post.id} "${post.subject}" (${post.state}): ${progress.delivered} delivered, ${progress.deferred} deferred, ` +
              `${progress.failed} failed, ${progress.remaining} remaining of ${progress.total}.`,
            table(
              ['RECIPIENT', 'STATUS', 'ATTEMPTS', 'HOST', 'REPLY'],
              page.deliveries.map((d) => [d.rcpt, d.status, d.attempts, d.remoteHost, d.reply]),
            ),
            page.total > page.deliveries.length ? `${page.deliveries.length} of ${page.total} shown.` : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      });
    });
}
