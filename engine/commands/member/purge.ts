import { purgeAddress } from '../../members/lifecycle/unsubscribe.ts';
import { listAddress } from '../arguments.ts';
import type { CommandDefinition } from '../context.ts';

/** The reply lines for leaving every list, shared by the command and the purge address. */
export function purgeReply(address: string, left: { name: string; host: string }[]): string[] {
  if (left.length === 0) return [`${address} was not a member of any list here, so there was nothing to do.`];
  return [`${address} has left every list here:`, ...left.map((list) => `  ${listAddress(list)}`)];
}

export const purgeCommand: CommandDefinition = {
  name: 'purge',
  synonyms: [],
  usage: '',
  summary: 'leave every list on this server',
  admin: false,
  run: (ctx) => purgeReply(ctx.sender.address, purgeAddress(ctx.life, ctx.sender.address)),
};
