import { deliveryModes, type DeliveryMode, type Member } from '../../store/members.ts';
import { listAddress, senderMember, takeList } from '../arguments.ts';
import type { CommandDefinition } from '../context.ts';

const modeNames: Record<DeliveryMode, string> = {
  mail: 'every message as it is sent',
  digest: 'a plain-text digest',
  mimedigest: 'a MIME digest',
  index: 'an index of subjects',
  nomail: 'no mail',
};

const statusNames: Record<Member['status'], string> = {
  normal: 'subscribed',
  unconfirmed: 'waiting for your confirmation',
  pending: "waiting for an administrator's approval",
  held: 'on hold because mail to you bounced',
  unsubscribed: 'unsubscribed',
};

function day(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export function describeMembership(member: Member): string {
  return `${statusNames[member.status]} since ${day(member.statusAt)}`;
}

export const setCommand: CommandDefinition = {
  name: 'set',
  synonyms: [],
  usage: 'LIST mail|digest|mimedigest|index|nomail, or set LIST name=Full Name',
  summary: 'change how you receive a list, or your name on it',
  admin: false,
  run(ctx, { args }) {
    const taken = takeList(ctx, args, 'set LIST mail|digest|mimedigest|index|nomail');
    if ('error' in taken) return [taken.error];
    const list = listAddress(taken.list);
    const member = senderMember(ctx, taken.list);
    if (!member || member.status === 'unsubscribed') return [`${ctx.sender.address} is not a member of ${list}.`];

    const value = taken.rest.join(' ').trim();
    const name = /^name\s*=\s*(.*)$/i.exec(value);
    if (name) {
      const updated = ctx.life.store.members.update(member.id, { name: name[1]!.trim() });
      return [updated.name ? `Your name on ${list} is now "${updated.name}".` : `Your name on ${list} is now empty.`];
    }
    const mode = value.toLowerCase() as DeliveryMode;
    if (!deliveryModes.includes(mode)) {
      return [`Not done: "${value}" is not a setting; use one of ${deliveryModes.join(', ')}, or name=Full Name.`];
    }
    ctx.life.store.members.update(member.id, { mode });
    return [`You now receive ${modeNames[mode]} from ${list}.`];
  },
};

export const queryCommand: CommandDefinition = {
  name: 'query',
  synonyms: [],
  usage: 'LIST',
  summary: 'show your settings on a list',
  admin: false,
  run(ctx, { args }) {
    const taken = takeList(ctx, args, 'query LIST');
    if ('error' in taken) return [taken.error];
    const list = listAddress(taken.list);
    const member = senderMember(ctx, taken.list);
    if (!member || member.status === 'unsubscribed') return [`${ctx.sender.address} is not a member of ${list}.`];
    return [
      `${member.email} on ${list}: ${describeMembership(member)}; delivery: ${modeNames[member.mode]} (${member.mode}); ` +
        `name: ${member.name ? `"${member.name}"` : 'none'}; joined ${day(member.joinedAt)}.`,
    ];
  },
};

export const whichCommand: CommandDefinition = {
  name: 'which',
  synonyms: [],
  usage: '',
  summary: 'show the lists you are a member of',
  admin: false,
  run(ctx) {
    const memberships = ctx.life.store.members.byEmailEverywhere(ctx.sender.address).filter((m) => m.status !== 'unsubscribed');
    if (memberships.length === 0) return [`${ctx.sender.address} is not a member of any list here.`];
    const lines = memberships.flatMap((member) => {
      const list = ctx.life.store.lists.get(member.listId);
      return list ? [`  ${listAddress(list)}: ${describeMembership(member)}, delivery ${member.mode}`] : [];
    });
    return [`${ctx.sender.address} is a member of:`, ...lines];
  },
};
