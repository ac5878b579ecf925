import { requestAddress } from '../../notices/document-notice.ts';
import { listAddress } from '../arguments.ts';
import { replyToSender } from './reply.ts';
import type { MailboxHandler } from './types.ts';

/**
 * LIST-owner@ and owner-LIST@: the message goes to each address in the list's owners
 * setting, attached to a notice whose Reply-To is the sender. Automated mail is
 * forwarded too, since the administrators may need to see it; only Lyre's own loops
 * are dropped, by the X-Loop check of the runner.
 */
export const ownerMailbox: MailboxHandler = {
  acceptsAutomated: true,
  handle(ctx, mail) {
    const list = ctx.list!;
    const owners = list.settings.owners;
    if (owners.length === 0) {
      ctx.life.log.warn({ list: list.name, incoming: mail.incoming.id }, 'NO OWNERS to forward to; set the owners list setting');
      replyToSender(ctx, mail, `${listAddress(list)} has no administrator address set, so your message could not be passed on.\n`);
      return 'no owners';
    }
    const from = mail.sender ? (mail.sender.name ? `${mail.sender.name} <${mail.sender.address}>` : mail.sender.address) : 'an unknown sender';
    for (const owner of owners) {
      ctx.life.notices.queue({
        listId: list.id,
        memberId: null,
        to: owner,
        from: requestAddress(list),
        fromName: `${list.name} administrators`,
        replyTo: mail.sender?.address,
        subject: `[${list.name} owners] ${mail.subject || '(no subject)'}`,
        text: `This message for the administrators of ${listAddress(list)} came from ${from}.\nIt is attached as received.${ctx.automated ? ` It looks automated (${ctx.automated}).` : ''}\n`,
        attachIncomingId: mail.incoming.id,
        autoSubmitted: 'auto-generated',
        host: list.host,
        limited: false,
      });
    }
    return `forwarded to ${owners.length} owners`;
  },
};
