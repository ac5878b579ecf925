import { readFileSync } from 'node:fs';

import type { Command } from 'commander';

import { LyreError } from '../errors.ts';
import { importMembers, parseMemberImport } from '../members/import.ts';
import { memberStatuses, type MemberStatus } from '../store/members.ts';
import { output, table, usageError, withStore } from './context.ts';

export function registerMemberCommands(program: Command): void {
  const member = program.command('member').description('add, remove, import and list members');

  member
    .command('add <list> <email>')
    .description('add a member who receives posts at once (no confirmation)')
    .option('--name <name>', "the member's full name, used in the member headers")
    .action(async (listName: string, email: string, options: { name?: string }, command: Command) => {
      await withStore(command, (store) => {
        const list = store.lists.require(listName);
        const added = store.members.add(list.id, { email, name: options.name });
        output(command, added, () => `Added ${added.email} to ${list.name}.`);
      });
    });

  member
    .command('remove <list> <email>')
    .description('unsubscribe a member (kept as unsubscribed, for suppression and history)')
    .action(async (listName: string, email: string, _options, command: Command) => {
      await withStore(command, (store) => {
        const list = store.lists.require(listName);
        const found = store.members.byEmail(list.id, email);
        if (!found) throw new LyreError('not_found', `${email} is not a member of ${list.name}; \`lyre member list ${list.name}\` lists them.`);
        store.members.setStatus(found.id, 'unsubscribed');
        output(command, { unsubscribed: found.email }, () => `Unsubscribed ${found.email} from ${list.name}.`);
      });
    });

  member
    .command('import <list> <file>')
    .description('add members from a CSV file with a header row: an email column, optional name, other columns kept as fields')
    .action(async (listName: string, file: string, _options, command: Command) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
        usageError(`Cannot read ${file}: ${reason}. Give the path of a CSV file with an email column.`);
      }
      await withStore(command, (store) => {
        const list = store.lists.require(listName);
        const parsed = parseMemberImport(text);
        const result = importMembers(store, list.id, parsed.rows, { choice: 'quiet' });
        const issues = [...parsed.errors, ...result.issues].sort((a, b) => a.line - b.line);
        output(command, { ...result, issues }, () =>
          [
            `Imported into ${list.name}: ${result.added} added, ${result.existing} already members, ` +
              `${result.unsubscribed} kept unsubscribed, ${parsed.errors.length} invalid lines.`,
            ...issues.map((i) => `  line ${i.line} (${JSON.stringify(i.text)}): ${i.reason}`),
          ].join('\n'),
        );
      });
    });

  member
    .command('bounces <list> <email>')
    .description("show a member's bounce count, status and bounce history")
    .action(async (listName: string, email: string, _options, command: Command) => {
      await withStore(command, (store) => {
        const list = store.lists.require(listName);
        const found = store.members.byEmail(list.id, email);
        if (!found) throw new LyreError('not_found', `${email} is not a member of ${list.name}; \`lyre member list ${list.name}\` lists them.`);
        const history = store.bounces.forMember(found.id);
        output(command, { member: found, history }, () =>
          [
            `${found.email} on ${list.name}: status ${found.status}, ${found.bounceCount} counted bounces` +
              (found.lastBounceAt ? `, last on ${new Date(found.lastBounceAt).toISOString()}` : ''),
            history.length === 0
              ? 'No bounces recorded.'
              : table(
                  ['WHEN', 'SOURCE', 'KIND', 'REASON', 'STATUS', 'COUNTED', 'DETAIL'],
                  history.map((e) => [
                    new Date(e.receivedAt).toISOString(),
                    e.source,
                    e.kind,
                    e.reason,
                    e.status,
                    e.counted ? 'yes' : 'no',
                    (e.detail ?? '').slice(0, 80),
                  ]),
                ),
          ].join('\n'),
        );
      });
    });

  member
    .command('reinstate <list> <email>')
    .description('return a member held for bouncing to normal delivery, with the count reset')
    .action(async (listName: string, email: string, _options, command: Command) => {
      await withStore(command, (store) => {
        const list = store.lists.require(listName);
        const found = store.members.byEmail(list.id, email);
        if (!found) throw new LyreError('not_found', `${email} is not a member of ${list.name}; \`lyre member list ${list.name}\` lists them.`);
        if (!store.members.reinstate(found.id)) {
          throw new LyreError('conflict', `${found.email} is not held (status ${found.status}); only held members can be reinstated.`);
        }
        output(command, { reinstated: found.email }, () => `Reinstated ${found.email} on ${list.name}.`);
      });
    });

  member
    .command('list <list>')
    .description('list members, 100 at a time')
    .option('--status <status>', `only members with this status: ${memberStatuses.join(', ')}`)
    .option('--search <text>', 'only addresses or names containing this text')
    .option('--offset <n>', 'skip this many members', '0')
    .option('--limit <n>', 'show at most this many members', '100')
    .action(async (listName: string, options: { status?: string; search?: string; offset: string; limit: string }, command: Command) => {
      if (options.status && !memberStatuses.includes(options.status as MemberStatus)) {
        usageError(`Invalid --status ${JSON.stringify(options.status)}: use one of ${memberStatuses.join(', ')}.`);
      }
      await withStore(command, (store) => {
        const list = store.lists.require(listName);
        const page = store.members.query({
          listId: list.id,
          status: options.status as MemberStatus | undefined,
          search: options.search,
          offset: Number(options.offset) || 0,
          limit: Number(options.limit) || 100,
        });
        output(command, page, () =>
          page.total === 0
            ? `${list.name} has no members${options.status || options.search ? ' matching that filter' : ''}. Add one with \`lyre member add ${list.name} EMAIL\`.`
            : `${table(['EMAIL', 'NAME', 'STATUS', 'MODE'], page.members.map((m) => [m.email, m.name, m.status, m.mode]))}\n` +
              `${page.members.length} of ${page.total} shown.`,
        );
      });
    });
}
