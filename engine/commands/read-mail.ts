import { convert } from 'html-to-text';
import { simpleParser, type ParsedMail } from 'mailparser';

import type { IncomingMessage, Route } from '../store/incoming.ts';

/** A received message read for one of Lyre's mailboxes. */
export interface InboundMail {
  incoming: IncomingMessage;
  route: Extract<Route, { kind: 'mailbox' }>;
  parsed: ParsedMail;
  /** The first From mailbox, else the envelope sender; null when there is neither. */
  sender: { address: string; name: string } | null;
  subject: string;
  messageId: string | null;
  /** The body as text: the text/plain parts, or the HTML converted when there is no text. */
  text: string;
}

/** html-to-text options for command messages: no wrapping, no link targets or images, quotes kept as "> ". */
const htmlOptions = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
};

/** Parse a stored message with mailparser and pick out what the mailboxes read. */
export async function readMail(incoming: IncomingMessage, route: InboundMail['route']): Promise<InboundMail> {
  const parsed = await simpleParser(incoming.raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const from = parsed.from?.value.find((entry) => entry.address);
  const sender = from?.address
    ? { address: from.address, name: (from.name ?? '').trim() }
    : incoming.mailFrom
      ? { address: incoming.mailFrom, name: '' }
      : null;
  const plain = parsed.text ?? '';
  const text = plain.trim() === '' && typeof parsed.html === 'string' ? convert(parsed.html, htmlOptions) : plain;
  return {
    incoming,
    route,
    parsed,
    sender,
    subject: (parsed.subject ?? '').trim(),
    messageId: parsed.messageId ?? incoming.messageId,
    text,
  };
}
