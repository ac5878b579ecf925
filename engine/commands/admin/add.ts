import { parseMailbox } from '../../members/import.ts';
import { addByAdmin, type AdminAddMode, type AdminAddOutcome } from '../../members/lifecycle/subscribe.ts';
import type { List } from '../../store/lists.ts';
import { adminRefusal, listAddress, takeList } from '../arguments.ts';
import type { CommandContext, CommandDefinition } from '../context.ts';

interface AddFlags {
  quiet: boolean;
  sendconfirm: boolean;
}

function addReply(result: AdminAddOutcome, email: string, list: string): string {
  switch (result.outcome) {
    case 'added':
      return result.resubscribed ? `Subscribed ${email} to ${list} again.` : `Added ${email} to ${list}.`;
    case 'confirmation-sent':
      return `Sent ${email} a request to confirm joining ${list}.`;
    case 'already-member':
      return `${email} is already a member of ${list} (status ${result.member.status}); left unchanged.`;
    case 'invalid':
      return `Not done: ${result.reason}`;
  }
}

function addOne(ctx: CommandContext, list: List, flags: AddFlags, email: string, name: string): AdminAddOutcome {
  let mode: AdminAddMode = 'welcome';
  if (flags.quiet) mode = 'quiet';
  if (flags.sendconfirm) mode = 'confirm';
  return addByAdmin(ctx.life, list, { email, name, mode, quiet: flags.quiet });
}

/** Add each "Name <address>" line of a "<<" ... ">>" block, reporting bad lines by their line number. */
function addBlock(ctx: CommandContext, list: List, flags: AddFlags, block: { number: number; text: string }[]): string[] {
  const counts = { added: 0, confirm: 0, existing: 0, bad: 0 };
  const problems: string[] = [];
  for (const entry of block) {
    const mailbox = parseMailbox(entry.text);
    if (!mailbox) {
      counts.bad++;
      problems.push(`  line ${entry.number}: "${entry.text}" has no address (expected Name <local@domain>)`);
      continue;
    }
    const result = addOne(ctx, list, flags, mailbox.email, mailbox.name);
    if (result.outcome === 'added') counts.added++;
    else if (result.outcome === 'confirmation-sent') counts.confirm++;
    else if (result.outcome === 'already-member') {
      counts.existing++;
      problems.push(`  line ${entry.number}: ${mailbox.email} is already a member; left unchanged`);
    } else {
      counts.bad++;
      problems.push(`  line ${entry.number}: ${result.reason}`);
    }
  }
  const summary = [
    `${counts.added} added`,
    ...(flags.sendconfirm ? [`${counts.confirm} sent a confirmation request`] : []),
    `${counts.existing} already members`,
    `${counts.bad} bad lines`,
  ].join(', ');
  return [`${listAddress(list)}: ${summary}.`, ...problems];
}

export const addCommand: CommandDefinition = {
  name: 'add',
  synonyms: [],
  usage: 'LIST [quiet] [sendconfirm] ADDRESS [Full Name], or a "<<" ... ">>" block of Name <address> lines',
  summary: 'add members; quiet sends no welcome, sendconfirm asks each address to confirm first',
  admin: true,
  run(ctx, { line, args }) {
    const taken = takeList(ctx, args, 'add LIST ADDRESS');
    if ('error' in taken) return [taken.error];
    const refusal = adminRefusal(ctx, taken.list);
    if (refusal) return [refusal];

    const rest = [...taken.rest];
    const flags: AddFlags = { quiet: false, sendconfirm: false };
    while (rest[0] && ['quiet', 'sendconfirm'].includes(rest[0].toLowerCase())) {
      flags[rest.shift()!.toLowerCase() as keyof AddFlags] = true;
    }
    if (line.block) return addBlock(ctx, taken.list, flags, line.block);

    const mailbox = parseMailbox(rest.join(' '));
    const email = mailbox?.email ?? rest[0];
    if (!email) return ['Name the address: add LIST [quiet] [sendconfirm] ADDRESS [Full Name].'];
    const name = mailbox?.name || rest.slice(1).join(' ').trim();
    return [addReply(addOne(ctx, taken.list, flags, email.replace(/^<|>$/g, ''), name), email, listAddress(taken.list))];
  },
};
