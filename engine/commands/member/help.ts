import { resolveDocument } from '../../documents/resolve.ts';
import { mergeText } from '../../documents/merge.ts';
import type { CommandContext, CommandDefinition } from '../context.ts';

/** The command summary the help document's {{commands}} tag expands to. */
export function commandSummary(commands: CommandDefinition[]): string {
  const line = (c: CommandDefinition) => {
    const names = [c.name, ...c.synonyms].join('|');
    return `  ${names}${c.usage ? ` ${c.usage}` : ''}\n      ${c.summary}`;
  };
  return [
    'Commands:',
    ...commands.filter((c) => !c.admin).map(line),
    '',
    'Administrator commands, after "login PASSWORD" on an earlier line:',
    ...commands.filter((c) => c.admin).map(line),
  ].join('\n');
}

/** The help document of the list or server, with its tags filled in. */
export function helpText(ctx: Pick<CommandContext, 'life' | 'defaultList' | 'host'>, commands: CommandDefinition[]): { subject: string; body: string } {
  const document = resolveDocument(ctx.life.store.db, ctx.defaultList?.id ?? null, 'help');
  const values = {
    server_address: `lyre@${ctx.host}`,
    commands: commandSummary(commands),
    list: ctx.defaultList?.name ?? '',
    list_address: ctx.defaultList ? `${ctx.defaultList.name}@${ctx.defaultList.host}` : '',
    request_address: ctx.defaultList ? `${ctx.defaultList.name}-request@${ctx.defaultList.host}` : '',
  };
  return { subject: mergeText(document.subject, values), body: mergeText(document.body, values) };
}

/** The help command; the table is passed in because the table itself lists help. */
export function helpCommand(commands: () => CommandDefinition[]): CommandDefinition {
  return {
    name: 'help',
    synonyms: [],
    usage: '',
    summary: 'show this help',
    admin: false,
    run: (ctx) => helpText(ctx, commands()).body.replace(/\n+$/, '').split('\n'),
  };
}
