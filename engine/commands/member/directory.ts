import type { List } from '../../store/lists.ts';
import { adminRefusal, listAddress, senderMember, takeList } from '../arguments.ts';
import type { CommandContext, CommandDefinition } from '../context.ts';

const joinPolicyText: Record<List['settings']['joinPolicy'], string> = {
  open: 'anyone may join',
  confirm: 'anyone may join after confirming their address',
  private: 'an administrator approves each request to join',
  closed: 'only administrators add members',
};

// A reply listing more members than this ends with a count of the rest; the admin app shows them all.
const maxRosterLines = 5_000;

export const listsCommand: CommandDefinition = {
  name: 'lists',
  synonyms: [],
  usage: '',
  summary: 'show the lists on this server',
  admin: false,
  run(ctx) {
    const lists = ctx.life.store.lists.all();
    if (lists.length === 0) return ['There are no lists on this server.'];
    return [
      'Lists on this server:',
      ...lists.map((list) => `  ${listAddress(list)}${list.settings.description ? `: ${list.settings.description}` : ''}`),
    ];
  },
};

export const infoCommand: CommandDefinition = {
  name: 'info',
  synonyms: [],
  usage: 'LIST',
  summary: 'describe a list and how to join it',
  admin: false,
  run(ctx, { args }) {
    const taken = takeList(ctx, args, 'info LIST');
    if ('error' in taken) return [taken.error];
    const list = taken.list;
    return [
      `${listAddress(list)}${list.settings.description ? `: ${list.settings.description}` : ''}`,
      `  Type: ${list.type === 'announcement' ? 'announcement (only designated senders post)' : 'discussion (members post)'}.`,
      `  Joining: ${joinPolicyText[list.settings.joinPolicy]}.`,
      list.settings.joinPolicy === 'closed' ? '' : `  To join, send "subscribe ${list.name}" here or any message to ${list.name}-join@${list.host}.`,
    ].filter((line) => line !== '');
  },
};

/** Whether the sender may see a list's members with "review", by the list's rosterVisibility. */
function mayReview(ctx: CommandContext, list: List): string | null {
  const visibility = list.settings.rosterVisibility;
  if (visibility === 'public') return null;
  if (ctx.admin?.has(list.id)) return null;
  if (visibility === 'members') {
    const member = senderMember(ctx, list);
    if (member && (member.status === 'normal' || member.status === 'held')) return null;
    return `Not done: only members of ${listAddress(list)} may review its members.`;
  }
  return adminRefusal(ctx, list) ?? `Not done: only administrators may review the members of ${listAddress(list)}.`;
}

function roster(ctx: CommandContext, list: List, full: boolean): string[] {
  const page = ctx.life.store.members.query({
    listId: list.id,
    status: full ? undefined : 'normal',
    limit: maxRosterLines,
  });
  if (page.total === 0) return [`${listAddress(list)} has no ${full ? '' : 'subscribed '}members.`];
  const lines = page.members.map((m) =>
    full ? `  ${m.id}  ${m.email}  ${m.name ? `"${m.name}"  ` : ''}${m.status}  ${m.mode}` : `  ${m.name ? `${m.name} <${m.email}>` : m.email}`,
  );
  const rest = page.total - page.members.length;
  return [
    `${page.total} ${full ? 'members (id, address, name, status, delivery)' : 'subscribed members'} of ${listAddress(list)}:`,
    ...lines,
    ...(rest > 0 ? [`  ... and ${rest} more; the admin app shows them all.`] : []),
  ];
}

export const reviewCommand: CommandDefinition = {
  name: 'review',
  synonyms: [],
  usage: 'LIST [names]',
  summary: 'show the members of a list, as the list allows; "names" (administrators) adds ids, names and statuses',
  admin: false,
  run(ctx, { args }) {
    const taken = takeList(ctx, args, 'review LIST');
    if ('error' in taken) return [taken.error];
    const full = taken.rest[0]?.toLowerCase() === 'names';
    const refusal = full ? adminRefusal(ctx, taken.list) : mayReview(ctx, taken.list);
    if (refusal) return [refusal];
    return roster(ctx, taken.list, full);
  },
};
