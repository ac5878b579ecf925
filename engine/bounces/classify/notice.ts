import { partText, type MimePart } from './mime.ts';

/** Notices are a few kilobytes; the cap bounds the line rules' time on mail that is not one. */
const maxNoticeLength = 200_000;

export interface Notice {
  text: string;
  /** True when a copy of the returned message followed the notice in the same part. */
  hadReturnedCopy: boolean;
}

/**
 * Read the human-readable notice of a report: the first non-empty text part outside any
 * returned message (text/plain preferred over text/html), cut where the copy of the
 * returned message begins.
 */
export function readNotice(root: MimePart): Notice {
  const plain: MimePart[] = [];
  const html: MimePart[] = [];
  collectTextParts(root, plain, html);

  const texts = [...plain.map((part) => partText(part)), ...html.map((part) => htmlToText(partText(part)))];
  for (const full of texts) {
    const whole = full.slice(0, maxNoticeLength);
    const text = cutReturnedMessage(whole);
    if (text.trim() !== '') return { text, hadReturnedCopy: text.length < whole.length };
  }
  return { text: '', hadReturnedCopy: false };
}

function collectTextParts(part: MimePart, plain: MimePart[], html: MimePart[]): void {
  if (part.contentType === 'message/rfc822' || part.contentType === 'text/rfc822-headers') return;
  if (part.parts.length > 0) {
    for (const child of part.parts) collectTextParts(child, plain, html);
    return;
  }
  const disposition = part.headers.get('content-disposition')?.[0] ?? '';
  const isAttachment = /^\s*attachment/i.test(disposition) && plain.length + html.length > 0;
  if (isAttachment) return;
  if (part.contentType === 'text/plain' || part.contentType === 'text') plain.push(part);
  else if (part.contentType === 'text/html') html.push(part);
}

/**
 * Lines that start the copy of the returned message, as the common MTAs word them:
 * qmail, Exim, Postfix, sendmail, Gmail, Yahoo, Exchange, Lotus Notes, DragonFly, and the
 * generic "original message follows" family.
 */
const returnedMessageMarkers: readonly RegExp[] = [
  /^\s*-+\s*(?:Below this line is a copy of the message|Enclosed is a copy of the message|Original message follows|Original message|Unsent message follows|Returned message|Returned mail|Message removed|The header of the original message is following|Mensaje original adjunto|Message truncated)/i,
  /^-{2,}\s*This is a copy of the (?:original )?message/i,
  /^\s*[-=_*]*\s*(?:original message|returned message|undelivered message|unsent message|included message|attached message|message headers?|headers of the original message)\s*(?:follows|follow|below|is attached|:)?\s*[-=_*.]*\s*$/i,
  /^\s*(?:Original message follows|Message headers follow|Original message headers|Included is a copy of the message header|Your message reads \(in part\)|The original message headers are|A copy of the original message)\b/i,
  /^-{3,}\s*original message\s*$/i,
  /^(?:Return-Path|Received|DKIM-Signature|ARC-Seal|X-Google-DKIM-Signature|Authentication-Results):\s/,
];

export function cutReturnedMessage(text: string): string {
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i += 1) {
    if (returnedMessageMarkers.some((marker) => marker.test(lines[i]!))) return lines.slice(0, i).join('\n');
  }
  return text;
}

const entities: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Render an HTML notice as plain text: block ends become line breaks and tags are dropped. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(?:br|\/p|\/div|\/tr|\/li|\/h\d|\/table|p|div|tr|li)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return entities[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n');
}
