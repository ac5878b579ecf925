import { randomBytes } from 'node:crypto';

import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

import type { NoticeSpec } from './types.ts';

/** Build a notice as a complete RFC 5322 message with nodemailer's MailComposer. */
export function composeNotice(spec: NoticeSpec, attachment?: Buffer): Promise<Buffer> {
  const options: Mail.Options = {
    from: spec.fromName ? { name: spec.fromName, address: spec.from } : spec.from,
    to: spec.toName ? { name: spec.toName, address: spec.to } : spec.to,
    subject: spec.subject,
    text: spec.text,
    textEncoding: 'quoted-printable',
    messageId: `<lyre.notice.${Date.now().toString(36)}.${randomBytes(6).toString('hex')}@${spec.host}>`,
    date: new Date(),
    headers: {
      'Auto-Submitted': spec.autoSubmitted,
      'X-Loop': `lyre@${spec.host}`,
    },
  };
  if (spec.replyTo) options.replyTo = spec.replyTo;
  if (spec.inReplyTo) {
    options.inReplyTo = spec.inReplyTo;
    options.references = spec.inReplyTo;
  }
  if (attachment) {
    options.attachments = [{ filename: 'message.eml', content: attachment, contentType: 'message/rfc822', contentDisposition: 'attachment' }];
  }
  return new Promise((resolve, reject) => {
    new MailComposer(options).compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
}
