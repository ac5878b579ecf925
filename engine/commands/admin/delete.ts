import { unsubscribeMember } from '../../members/lifecycle/unsubscribe.ts';
import { adminRefusal, listAddress, takeList } from '../arguments.ts';
import type { CommandDefinition } from '../context.ts';

export const deleteCommand: CommandDefinition = {
  name: 'delete',
  synonyms: [],
  usage: 'LIST [quiet] ADDRESS...',
  summary: 'unsubscribe members (kept as unsubscribed); quiet sends no goodbye',
  admin: true,
  run(ctx, { args }) {
    const taken = takeList(ctx, args, 'delete LIST ADDRESS');
    if ('error' in taken) return [taken.error];
    const refusal = adminRefusal(ctx, taken.list);
    if (refusal) return [refusal];
    const rest = [...taken.rest];
    const quiet = rest[0]?.toLowerCase() === 'quiet';
    if (quiet) rest.shift();
    if (rest.length === 0) return ['Name the address: delete LIST [quiet] ADDRESS.'];

    const list = listAddress(taken.list);
    return rest.map((word) => {
      const email = word.replace(/^<|>$/g, '');
      const member = ctx.life.store.members.byEmail(taken.list.id, email);
      if (!member || member.status === 'unsubscribed') return `${email} is not a member of ${list}; nothing to do.`;
      unsubscribeMember(ctx.life, taken.list, member, { goodbye: !quiet, by: 'admin', limited: false });
      return `Unsubscribed ${member.email} from ${list}.`;
    });
  },
};
