import { confirmRequests } from '../../members/lifecycle/confirm.ts';
import { unholdAddress } from '../../members/lifecycle/unhold.ts';
import { purgeAddress } from '../../members/lifecycle/unsubscribe.ts';
import { listAddress } from '../arguments.ts';
import { confirmReply } from '../member/confirm.ts';
import { helpText } from '../member/help.ts';
import { purgeReply } from '../member/purge.ts';
import { commandTable } from '../table.ts';
import { replyToSender, routeHost } from './reply.ts';
import type { MailboxHandler } from './types.ts';

/** confirm-TOKEN@: any reply confirms the request and every other list the address waits to join. */
export const confirmMailbox: MailboxHandler = {
  acceptsAutomated: false,
  handle(ctx, mail) {
    const id = mail.route.confirmationId ?? 0;
    const outcome = confirmRequests(ctx.life, id, { limited: true, by: 'reply' });
    replyToSender(ctx, mail, `${confirmReply(outcome).join('\n')}\n`);
    return outcome.outcome === 'confirmed' ? `confirmed ${outcome.requests.length} requests` : outcome.outcome;
  },
};

/** unhold@: the sender's memberships held for bouncing receive mail again. */
export const unholdMailbox: MailboxHandler = {
  acceptsAutomated: false,
  handle(ctx, mail) {
    if (!mail.sender) return 'ignored: no sender address';
    const lists = unholdAddress(ctx.life, mail.sender.address);
    const text =
      lists.length === 0
        ? `${mail.sender.address} is not on hold on any list here, so there was nothing to do.`
        : [`${mail.sender.address} receives mail again from:`, ...lists.map((list) => `  ${listAddress(list)}`)].join('\n');
    replyToSender(ctx, mail, `${text}\n`);
    return `unheld on ${lists.length} lists`;
  },
};

/** purge@: the sender leaves every list. */
export const purgeMailbox: MailboxHandler = {
  acceptsAutomated: false,
  handle(ctx, mail) {
    if (!mail.sender) return 'ignored: no sender address';
    const left = purgeAddress(ctx.life, mail.sender.address);
    replyToSender(ctx, mail, `${purgeReply(mail.sender.address, left).join('\n')}\n`);
    return `left ${left.length} lists`;
  },
};

/** help@: the help document. */
export const helpMailbox: MailboxHandler = {
  acceptsAutomated: false,
  handle(ctx, mail) {
    const help = helpText({ life: ctx.life, defaultList: null, host: routeHost(mail) }, commandTable);
    replyToSender(ctx, mail, help.body);
    return 'sent help';
  },
};
