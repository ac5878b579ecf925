import { requestSubscription } from '../../members/lifecycle/subscribe.ts';
import { listAddress } from '../arguments.ts';
import { replyToSender } from './reply.ts';
import type { MailboxHandler } from './types.ts';

/** LIST-join@, join-LIST@, LIST-subscribe@: any message, an empty one included, asks to subscribe the sender. */
export const joinMailbox: MailboxHandler = {
  acceptsAutomated: false,
  handle(ctx, mail) {
    const list = ctx.list!;
    if (!mail.sender) return 'ignored: no sender address';
    const result = requestSubscription(ctx.life, list, {
      email: mail.sender.address,
      name: mail.sender.name,
      limited: true,
      inReplyTo: mail.messageId,
    });
    // The outcomes that send a document need no reply besides it.
    const address = listAddress(list);
    const reply: Partial<Record<typeof result.outcome, string>> = {
      'already-member': `${mail.sender.address} is already a member of ${address}.`,
      'awaiting-approval': `Your request to join ${address} is still waiting for an administrator's approval.`,
      held: `${mail.sender.address} is a member of ${address}, but delivery is on hold because mail to it bounced. Send any message to unhold@${list.host} to receive mail again.`,
      closed: `${address} is closed: only its administrators can add members.`,
      invalid: result.outcome === 'invalid' ? `Not done: ${result.reason}` : undefined,
    };
    const text = reply[result.outcome];
    if (text) replyToSender(ctx, mail, `${text}\n`);
    return result.outcome;
  },
};
