import type { List } from '../store/lists.ts';
import type { Member } from '../store/members.ts';
import type { Store } from '../store/index.ts';
import type { CommandContext } from './context.ts';

export type ListArgument = { list: List; rest: string[] } | { error: string };

/** The list a word names: a list name, or a list address on the list's own host. */
export function namedList(store: Store, word: string): List | undefined {
  const at = word.lastIndexOf('@');
  if (at < 0) return store.lists.byName(word);
  const list = store.lists.byName(word.slice(0, at));
  return list && list.host.toLowerCase() === word.slice(at + 1).toLowerCase() ? list : undefined;
}

/**
 * Take the list a command names from its first argument. On a LIST-request address
 * the list may be left out, so the first word stays an argument unless it names a list.
 */
export function takeList(ctx: CommandContext, args: string[], usage: string): ListArgument {
  const first = args[0];
  const named = first !== undefined ? namedList(ctx.life.store, first) : undefined;
  if (named) return { list: named, rest: args.slice(1) };
  if (ctx.defaultList) return { list: ctx.defaultList, rest: args };
  if (first === undefined) return { error: `Name the list: ${usage}.` };
  return { error: `There is no list named ${first} here. Send "lists" for the lists on this server.` };
}

export function listAddress(list: Pick<List, 'name' | 'host'>): string {
  return `${list.name}@${list.host}`;
}

/** The sender's membership row on a list, if any. */
export function senderMember(ctx: CommandContext, list: List): Member | undefined {
  return ctx.life.store.members.byEmail(list.id, ctx.sender.address);
}

/**
 * Null when the last login unlocked the list, else the reply that refuses the command.
 */
export function adminRefusal(ctx: CommandContext, list: List): string | null {
  if (ctx.admin === null) return `Not done: this is an administrator command; send "login PASSWORD" on a line before it.`;
  if (!ctx.admin.has(list.id)) return `Not done: the password given with "login" is not the administrator password of ${list.name}.`;
  return null;
}
