import { approveMember, rejectMember } from '../../members/lifecycle/approve.ts';
import { adminRefusal, listAddress } from '../arguments.ts';
import type { CommandDefinition } from '../context.ts';

export const memberCommand: CommandDefinition = {
  name: 'member',
  synonyms: [],
  usage: 'approve|reject ID...',
  summary: 'decide requests to join a private list, by the member ids in the approval notice',
  admin: true,
  run(ctx, { args }) {
    const verb = args[0]?.toLowerCase();
    if (verb !== 'approve' && verb !== 'reject') return ['Not done: use "member approve ID..." or "member reject ID...".'];
    const ids = args.slice(1);
    if (ids.length === 0) return [`Name the members: member ${verb} ID...`];

    return ids.map((word) => {
      const id = /^\d+$/.test(word) ? Number(word) : NaN;
      const member = Number.isSafeInteger(id) ? ctx.life.store.members.get(id) : undefined;
      const list = member ? ctx.life.store.lists.get(member.listId) : undefined;
      if (!member || !list) return `${word}: no such member.`;
      const refusal = adminRefusal(ctx, list);
      if (refusal) return `${word}: ${refusal}`;
      if (member.status !== 'pending') return `${word}: ${member.email} is not waiting for approval on ${listAddress(list)} (status ${member.status}).`;
      if (verb === 'approve') {
        approveMember(ctx.life, list, member);
        return `${word}: approved ${member.email} on ${listAddress(list)}.`;
      }
      rejectMember(ctx.life, list, member);
      return `${word}: rejected ${member.email} on ${listAddress(list)}.`;
    });
  },
};
