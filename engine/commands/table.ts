import { addCommand } from './admin/add.ts';
import { deleteCommand } from './admin/delete.ts';
import { loginCommand } from './admin/login.ts';
import { memberCommand } from './admin/member.ts';
import type { CommandDefinition } from './context.ts';
import { confirmCommand } from './member/confirm.ts';
import { infoCommand, listsCommand, reviewCommand } from './member/directory.ts';
import { helpCommand } from './member/help.ts';
import { purgeCommand } from './member/purge.ts';
import { queryCommand, setCommand, whichCommand } from './member/settings.ts';
import { subscribeCommand, unsubscribeCommand } from './member/subscription.ts';

/** Every email command, in the order help lists them. Keywords and synonyms are matched case-insensitively. */
export const commandTable: CommandDefinition[] = [
  subscribeCommand,
  unsubscribeCommand,
  setCommand,
  queryCommand,
  whichCommand,
  listsCommand,
  infoCommand,
  reviewCommand,
  helpCommand(() => commandTable),
  confirmCommand,
  purgeCommand,
  loginCommand,
  addCommand,
  deleteCommand,
  memberCommand,
];

const byKeyword = new Map<string, CommandDefinition>();
for (const command of commandTable) {
  for (const keyword of [command.name, ...command.synonyms]) byKeyword.set(keyword, command);
}

/** The command a keyword names, or undefined. */
export function findCommand(keyword: string): CommandDefinition | undefined {
  return byKeyword.get(keyword.toLowerCase());
}
