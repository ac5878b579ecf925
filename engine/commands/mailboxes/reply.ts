import type { List } from '../../store/lists.ts';
import { requestAddress } from '../../notices/document-notice.ts';
import type { InboundMail } from '../read-mail.ts';
import type { MailboxContext } from './types.ts';

/** The host of the address a message was sent to, lowercased. */
export function routeHost(mail: InboundMail): string {
  return mail.route.address.slice(mail.route.address.lastIndexOf('@') + 1).toLowerCase();
}

/** The address replies come from: LIST-request@ for a list, lyre@ at the host written to otherwise. */
export function replyFrom(mail: InboundMail, list: List | null): { address: string; host: string } {
  if (list) return { address: requestAddress(list), host: list.host };
  const host = routeHost(mail);
  return { address: `lyre@${host}`, host };
}

/**
 * Queue the one reply to the sender of a message, counted against the daily limit.
 * Nothing is sent for an automated message or one without a sender.
 */
export function replyToSender(ctx: MailboxContext, mail: InboundMail, text: string, list: List | null = ctx.list): number | null {
  if (!mail.sender || ctx.automated) return null;
  const from = replyFrom(mail, list);
  const subject = mail.subject ? `Re: ${mail.subject.replace(/^(re:\s*)+/i, '')}` : `Results of your message to ${mail.route.address}`;
  return ctx.life.notices.queue({
    listId: list?.id ?? null,
    memberId: null,
    to: mail.sender.address,
    toName: mail.sender.name || undefined,
    from: from.address,
    fromName: list ? list.settings.description.trim() || list.name : 'Lyre',
    subject,
    text,
    inReplyTo: mail.messageId,
    autoSubmitted: 'auto-replied',
    host: from.host,
    limited: true,
  });
}
