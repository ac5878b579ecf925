/**
 * A message split into its header fields and its body, without decoding either.
 * Fields keep their raw bytes (folding and 8-bit octets included, held as latin1
 * text so every byte round-trips), so a copy changes only the fields Lyre touches and
 * the body stays byte for byte what the author sent (an author's DKIM body hash survives).
 */
export interface HeaderField {
  /** Field name as written. */
  name: string;
  /** Lowercased name for comparisons. */
  key: string;
  /** The whole field, name and folded value, with its line ending. */
  raw: string;
}

export interface SplitMessage {
  fields: HeaderField[];
  /** The line ending the header block used: CRLF, or LF for bare-LF input. */
  eol: '\r\n' | '\n';
  /** Everything after the blank line that ends the header block. */
  body: Buffer;
}

/** Split a raw message at the first blank line (RFC 5322 2.1). A message with no blank line is all header. */
export function splitMessage(raw: Buffer): SplitMessage {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  let headerEnd: number;
  let bodyStart: number;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) {
    headerEnd = crlf + 2;
    bodyStart = crlf + 4;
  } else if (lf !== -1) {
    headerEnd = lf + 1;
    bodyStart = lf + 2;
  } else {
    headerEnd = raw.length;
    bodyStart = raw.length;
  }
  // A message that starts with a blank line has no header fields at all.
  if (raw[0] === 0x0a || (raw[0] === 0x0d && raw[1] === 0x0a)) {
    headerEnd = 0;
    bodyStart = raw[0] === 0x0a ? 1 : 2;
  }

  const text = raw.subarray(0, headerEnd).toString('latin1');
  const eol = text.includes('\r\n') || headerEnd === 0 ? '\r\n' : '\n';
  return { fields: parseFields(text), eol, body: raw.subarray(bodyStart) };
}

function parseFields(text: string): HeaderField[] {
  const fields: HeaderField[] = [];
  const lines = text.split(/(?<=\n)/);
  for (const line of lines) {
    if (line === '') continue;
    const continuation = line[0] === ' ' || line[0] === '\t';
    const last = fields[fields.length - 1];
    if (continuation && last) {
      last.raw += line;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : line.trim();
    fields.push({ name, key: name.toLowerCase(), raw: line.endsWith('\n') ? line : `${line}\r\n` });
  }
  return fields;
}

/** The unfolded value of a field, with surrounding whitespace removed. */
export function fieldValue(field: HeaderField): string {
  const colon = field.raw.indexOf(':');
  return field.raw
    .slice(colon + 1)
    .replace(/\r?\n(?=[ \t])/g, '')
    .replace(/\r?\n$/, '')
    .trim();
}

/** The first field with this name, unfolded, or undefined. */
export function firstValue(fields: HeaderField[], name: string): string | undefined {
  const key = name.toLowerCase();
  const field = fields.find((f) => f.key === key);
  return field ? fieldValue(field) : undefined;
}
