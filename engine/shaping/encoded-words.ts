import libmime from 'libmime';

/** Decode RFC 2047 encoded words in a header value; 8-bit text is read as UTF-8 (RFC 6532). */
export function decodeHeaderText(latin1Value: string): string {
  const utf8 = Buffer.from(latin1Value, 'latin1').toString('utf8');
  try {
    return libmime.decodeWords(utf8);
  } catch {
    return utf8;
  }
}

/** Encode text for a header value: ASCII stays as it is, anything else becomes RFC 2047 words. */
export function encodeHeaderText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return libmime.encodeWords(text, 'Q', 52);
}

/** Encode a display name for an address header: quoted when it has specials, RFC 2047 when not ASCII. */
export function encodeDisplayName(name: string): string {
  if (!/^[\x20-\x7e]*$/.test(name)) return libmime.encodeWords(name, 'Q', 52);
  if (/[()<>[\]:;@\\,."]/.test(name)) return `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return name;
}

/** Fold a header line at whitespace to at most 78 characters where it can (RFC 5322 2.2.3). */
export function foldHeader(name: string, value: string): string {
  const line = `${name}: ${value}`;
  // libmime leaves a line shorter than the limit as it is; skipping it saves its regex
  // work on the short member headers of every copy.
  if (line.length < 76) return `${line}\r\n`;
  return `${libmime.foldLines(line, 76)}\r\n`;
}
