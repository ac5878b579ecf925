import { addressKey } from '../../mail/address.ts';
import { requestSubscription, type SubscribeOutcome } from '../../members/lifecycle/subscribe.ts';
import { requestUnsubscription } from '../../members/lifecycle/unsubscribe.ts';
import { listAddress, takeList } from '../arguments.ts';
import type { CommandContext, CommandDefinition } from '../context.ts';

function subscribeReply(result: SubscribeOutcome, address: string, list: string, host: string): string {
  switch (result.outcome) {
    case 'subscribed':
      return `You are now a member of ${list}; a welcome message is on its way.`;
    case 'confirmation-sent':
      return `A confirmation request was sent to ${address}. Reply to it, or visit its link, to complete the subscription to ${list}.`;
    case 'approval-requested':
      return `${list} is a private list, so your request was sent to its administrators for approval.`;
    case 'already-member':
      return `${address} is already a member of ${list}.`;
    case 'awaiting-approval':
      return `Your request to join ${list} is still waiting for an administrator's approval.`;
    case 'held':
      return `${address} is a member of ${list}, but delivery is on hold because mail to it bounced. Send any message to unhold@${host} to receive mail again.`;
    case 'closed':
      return `${list} is closed: only its administrators can add members.`;
    case 'invalid':
      return `Not done: ${result.reason}`;
  }
}

export const subscribeCommand: CommandDefinition = {
  name: 'subscribe',
  synonyms: ['join', 'sub'],
  usage: 'LIST [Full Name]',
  summary: 'join a list, with your name if you give one',
  admin: false,
  run(ctx, { args }) {
    const taken = takeList(ctx, args, 'subscribe LIST [Full Name]');
    if ('error' in taken) return [taken.error];
    const name = taken.rest.join(' ').trim() || ctx.sender.name;
    const result = requestSubscription(ctx.life, taken.list, {
      email: ctx.sender.address,
      name,
      limited: true,
      inReplyTo: ctx.mail.messageId,
    });
    return [subscribeReply(result, ctx.sender.address, listAddress(taken.list), taken.list.host)];
  },
};

function unsubscribe(ctx: CommandContext, args: string[]): string[] {
  const taken = takeList(ctx, args, 'unsubscribe LIST [address]');
  if ('error' in taken) return [taken.error];
  const list = listAddress(taken.list);
  const target = taken.rest.find((word) => word.includes('@'))?.replace(/^<|>$/g, '') ?? ctx.sender.address;
  const outcome = requestUnsubscription(ctx.life, taken.list, target, ctx.sender.address, {
    limited: true,
    inReplyTo: ctx.mail.messageId,
  });
  const own = addressKey(target) === addressKey(ctx.sender.address);
  if (outcome === 'unsubscribed') return [`${target} has left ${list}; a goodbye message is on its way.`];
  if (own && outcome === 'not-member') return [`${target} is not a member of ${list}, so there was nothing to do.`];
  // The reply is the same whether or not the other address is a member, so it reveals nothing.
  return [`If ${target} is a member of ${list}, it has been sent a confirmation request; it leaves when that is confirmed.`];
}

export const unsubscribeCommand: CommandDefinition = {
  name: 'unsubscribe',
  synonyms: ['signoff', 'leave', 'unsub', 'remove'],
  usage: 'LIST [address]',
  summary: 'leave a list; another address than yours is asked to confirm first',
  admin: false,
  run: (ctx, { args }) => unsubscribe(ctx, args),
};
