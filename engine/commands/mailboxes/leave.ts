import { fieldValue, splitMessage } from '../../shaping/header-block.ts';
import { unsubscribeMember } from '../../members/lifecycle/unsubscribe.ts';
import type { MemberLinks } from '../../notices/links.ts';
import { listAddress } from '../arguments.ts';
import type { InboundMail } from '../read-mail.ts';
import { replyToSender } from './reply.ts';
import type { MailboxHandler } from './types.ts';

const memberHeaderPattern = /^X-Lyre-Member-ID:[ \t]*(\S+)/gim;

/**
 * The member a forwarded copy names, by its signed X-Lyre-Member-ID field: in an
 * attached message (message/rfc822) or in the forwarded text of the body.
 */
export function forwardedMemberId(mail: InboundMail, links: MemberLinks): number | null {
  const candidates: string[] = [];
  for (const attachment of mail.parsed.attachments) {
    if (attachment.contentType !== 'message/rfc822') continue;
    for (const field of splitMessage(attachment.content).fields) {
      if (field.key === 'x-lyre-member-id') candidates.push(fieldValue(field));
    }
  }
  for (const match of mail.text.matchAll(memberHeaderPattern)) candidates.push(match[1]!);
  for (const value of candidates) {
    const id = links.memberOfHeader(value);
    if (id !== null) return id;
  }
  return null;
}

/**
 * LIST-leave@ and the other leave addresses: a forwarded copy of a post unsubscribes
 * the member it was sent to (its signed member field proves that); any other
 * message unsubscribes the sender.
 */
export const leaveMailbox: MailboxHandler = {
  acceptsAutomated: false,
  handle(ctx, mail) {
    const list = ctx.list!;
    const address = listAddress(list);
    const forwardedId = forwardedMemberId(mail, ctx.life.links);
    const forwarded = forwardedId !== null ? ctx.life.store.members.get(forwardedId) : undefined;
    const member = forwarded?.listId === list.id ? forwarded : mail.sender ? ctx.life.store.members.byEmail(list.id, mail.sender.address) : undefined;
    const by = member === forwarded && forwarded ? 'forward' : 'leave-address';

    if (!member || member.status === 'unsubscribed') {
      replyToSender(ctx, mail, `${mail.sender?.address ?? 'Your address'} is not a member of ${address}, so there was nothing to do.\n`);
      return 'not a member';
    }
    unsubscribeMember(ctx.life, list, member, { goodbye: true, by, limited: true, inReplyTo: mail.messageId });
    return `unsubscribed member ${member.id} (${by})`;
  },
};
