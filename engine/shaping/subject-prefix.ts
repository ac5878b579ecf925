import { decodeHeaderText, encodeHeaderText } from './encoded-words.ts';

/** Reply and forward markers that mail clients put before a subject, in several languages. */
const replyMarker = /^(re|aw|sv|antw|vs|ref|odp|rif)(\[\d+\]|\(\d+\))?\s*:\s*/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Put the list's prefix before a subject exactly once: "[team] Re: hello", never
 * "Re: [team] Re: [team] hello". The subject is decoded first, so an RFC 2047
 * encoded word is never cut, and re-encoded when it is not plain ASCII.
 * Takes and returns the raw (latin1-held) header value.
 */
export function prefixSubject(rawValue: string, prefix: string): string {
  if (prefix.trim() === '') return rawValue;
  const decoded = decodeHeaderText(rawValue).replace(/\s+/g, ' ').trim();
  const prefixPattern = new RegExp(`^${escapeRegExp(prefix.trim())}\\s*`, 'i');

  let rest = decoded;
  let isReply = false;
  for (;;) {
    const marker = replyMarker.exec(rest);
    if (marker) {
      isReply = true;
      rest = rest.slice(marker[0].length);
      continue;
    }
    const own = prefixPattern.exec(rest);
    if (own) {
      rest = rest.slice(own[0].length);
      continue;
    }
    break;
  }

  const subject = `${prefix.trim()} ${isReply ? 'Re: ' : ''}${rest}`.trimEnd();
  return encodeHeaderText(subject);
}
