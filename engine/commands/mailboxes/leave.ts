import { unsubscribeMember } from '../../members/lifecycle/unsubscribe.ts';
import type { MemberLinks } from '../../notices/links.ts';
import { listAddress } from '../arguments.ts';
import type { InboundMail } from '../read-mail.ts';
import { replyToSender } from './reply.ts';
import type { MailboxHandler } from './types.ts';

const memberHeaderPattern = /^X-Lyre-Member-ID:[ \t]*(\S+)/gim;

/**
 * Find the member a forwarded copy names by its signed X-Lyre-Member-ID field, in a
 * message attached as message/rfc822 (its header lines are plain text in the raw
 * message) or in forwarded text in the body. Only a valid signature counts.
 */
export function forwardedMemberId(mail: InboundMail, links: MemberLinks): number | null {
  const sources = [mail.incoming.raw.toString('latin1'), mail.text];
  for (const source of sources) {
    for (const match of source.matchAll(memberHeaderPattern)) {
      const id = links.memberOfHeader(match[1]!);
      if (id !== null) return id;
    }
  }
  return null;
}

/**
 * LIST-leave@ and the other leave addresses. A forwarded copy of a post unsubscribes
 * the member it was sent to, because its signed member field proves who that is.
 * Any other message unsubscribes the sender.
 */
export const leaveMailbox: MailboxHandler = {
  acceptsAutomated: false,
  handle(ctx, mail) {
    const list = ctx.list!;
    const address = listAddress(list);
    const forwardedId = forwardedMemberId(mail, ctx.life.links);
    const forwarded = forwardedId !== null ? ctx.life.store.members.get(forwardedId) : undefined;
    let member = forwarded?.listId === list.id ? forwarded : undefined;
    const by = member ? 'forward' : 'leave-address';
    if (!member && mail.sender) member = ctx.life.store.members.byEmail(list.id, mail.sender.address);

    if (!member || member.status === 'unsubscribed') {
      replyToSender(ctx, mail, `${mail.sender?.address ?? 'Your address'} is not a member of ${address}, so there was nothing to do.\n`);
      return 'not a member';
    }
    unsubscribeMember(ctx.life, list, member, { goodbye: true, by, limited: true, inReplyTo: mail.messageId });
    return `unsubscribed member ${member.id} (${by})`;
  },
};
