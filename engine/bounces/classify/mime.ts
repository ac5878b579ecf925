import libmime from 'libmime';
import { decode as decodeCharset } from 'libmime/lib/charset.js';
import { decode as decodeQuotedPrintable } from 'libqp';

/**
 * One node of a parsed message. A light, synchronous MIME walk (RFC 2045, 2046): unlike
 * mailparser's simpleParser it keeps message/delivery-status and message/feedback-report
 * parts apart from the text, and it does not descend into a returned message/rfc822.
 */
export interface MimePart {
  /** Unfolded header values by lowercased name, in message order. */
  headers: Map<string, string[]>;
  /** Lowercased type/subtype; text/plain when the part declares none. */
  contentType: string;
  params: Record<string, string>;
  /** The body after Content-Transfer-Encoding is undone. */
  body: Buffer;
  parts: MimePart[];
}

const maxDepth = 12;

/** Parse a message or a body part. Never throws: a malformed part becomes a text leaf. */
export function parseMime(raw: Buffer, depth = 0): MimePart {
  const { headerText, body } = splitHeaderBody(raw);
  const headers = parseHeaders(headerText);
  const typeHeader = headers.get('content-type')?.[0] ?? 'text/plain';
  const parsed = libmime.parseHeaderValue(typeHeader);
  // Some MTAs leave out the ";" before the parameters: keep only type/subtype.
  const contentType = /^\s*([\w.+-]+\/[\w.+-]+)/.exec(parsed.value)?.[1]?.toLowerCase() ?? 'text/plain';
  const params = Object.fromEntries(
    Object.entries(parsed.params).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  const part: MimePart = { headers, contentType, params, body, parts: [] };

  if (contentType.startsWith('multipart/') && params.boundary && depth < maxDepth) {
    const children = splitMultipart(body, params.boundary);
    if (children.length > 0) {
      part.parts = children.map((child) => parseMime(child, depth + 1));
      return part;
    }
    // A multipart body without its boundary lines: read it as text.
    part.contentType = 'text/plain';
  }
  part.body = decodeTransfer(body, headers.get('content-transfer-encoding')?.[0]);
  return part;
}

/** The first value of a header, with RFC 2047 encoded words decoded. */
export function headerValue(part: MimePart, name: string): string | undefined {
  const value = part.headers.get(name)?.[0];
  return value === undefined ? undefined : decodeWords(value);
}

export function decodeWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** The body as text in its declared charset; HTML is left as it is. */
export function partText(part: MimePart): string {
  return decodeCharset(part.body, part.params.charset || 'utf-8');
}

/** Every part in document order, without entering message/rfc822 parts. */
export function* walkParts(part: MimePart): Generator<MimePart> {
  yield part;
  for (const child of part.parts) yield* walkParts(child);
}

function splitHeaderBody(raw: Buffer): { headerText: string; body: Buffer } {
  // A body part may start with an empty line, which means it has no headers.
  if (raw[0] === 0x0a) return { headerText: '', body: raw.subarray(1) };
  if (raw[0] === 0x0d && raw[1] === 0x0a) return { headerText: '', body: raw.subarray(2) };
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) {
    const looksLikeHeaders = /^[\x21-\x39\x3b-\x7e]+:/.test(text);
    return looksLikeHeaders ? { headerText: text, body: Buffer.alloc(0) } : { headerText: '', body: raw };
  }
  return { headerText: text.slice(0, match.index), body: raw.subarray(match.index + match[0].length) };
}

function parseHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const unfolded = text.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    // Header bytes were read as latin1; re-read them as UTF-8 (RFC 6532) when they are.
    const rawValue = line.slice(colon + 1).trim();
    const value = Buffer.from(rawValue, 'latin1').toString('utf8');
    const list = headers.get(name) ?? [];
    list.push(value.includes('\ufffd') ? rawValue : value);
    headers.set(name, list);
  }
  return headers;
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let start = -1;
  let offset = 0;
  while (offset <= text.length) {
    const found = text.indexOf(delimiter, offset);
    if (found === -1) break;
    const atLineStart = found === 0 || text[found - 1] === '\n';
    const after = found + delimiter.length;
    if (!atLineStart) {
      offset = after;
      continue;
    }
    if (start !== -1) parts.push(body.subarray(start, trimLineBreak(text, found)));
    if (text.startsWith('--', after)) {
      start = -1;
      break;
    }
    const lineEnd = text.indexOf('\n', after);
    start = lineEnd === -1 ? text.length : lineEnd + 1;
    offset = start;
  }
  // A missing closing delimiter ends the last part at the end of the body.
  if (start !== -1 && start < text.length) parts.push(body.subarray(start));
  return parts;
}

function trimLineBreak(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') end -= 1;
  if (end > 0 && text[end - 1] === '\r') end -= 1;
  return end;
}

function decodeTransfer(body: Buffer, encoding: string | undefined): Buffer {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === 'base64')
    return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (name === 'quoted-printable') return decodeQuotedPrintable(body.toString('latin1'));
  return body;
}
