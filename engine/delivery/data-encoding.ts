const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/** The byte before a chunk: the previous chunk's last byte, or -1 at the start of the message. */
export type PreviousByte = number;

/** Chunks at least this large are kept encoded, because a post's shared parts recur in every copy. */
const cacheMinBytes = 1024;
const cache = new WeakMap<Buffer, { previous: PreviousByte; encoded: Buffer }>();

/**
 * Check whether a chunk can go on the wire unchanged: every CR is followed by LF,
 * every LF follows a CR, and no line starts with a dot. A CR at the very end is left
 * to the next chunk, which gets it as its previous byte.
 */
function isWireReady(chunk: Buffer, previous: PreviousByte): boolean {
  if (chunk.length === 0) return true;
  const first = chunk[0]!;
  if (previous === CR && first !== LF) return false;
  if ((previous === LF || previous === -1) && first === DOT) return false;
  for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, lf + 1)) {
    if ((lf === 0 ? previous : chunk[lf - 1]) !== CR) return false;
    if (chunk[lf + 1] === DOT) return false;
  }
  for (let cr = chunk.indexOf(CR); cr !== -1 && cr < chunk.length - 1; cr = chunk.indexOf(CR, cr + 1)) {
    if (chunk[cr + 1] !== LF) return false;
  }
  return true;
}

/** Rewrite a chunk byte by byte, with the rules of nodemailer's DataStream (nodemailer 10.6). */
function rewrite(chunk: Buffer, previous: PreviousByte): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < chunk.length; i++) {
    const byte = chunk[i]!;
    const before = i > 0 ? chunk[i - 1]! : previous;
    let insert: string | null = null;
    if (before === CR && byte !== LF) {
      // A bare CR becomes CRLF, and a dot after it is stuffed like at any line start, so
      // that a receiver which ends lines at a lone CR never reads "\r.\r" as the end (SMTP smuggling).
      insert = byte === DOT ? '\n.' : '\n';
    } else if (byte === LF && before !== CR) {
      insert = '\r';
    } else if (byte === DOT && (before === LF || before === -1)) {
      insert = '.';
    }
    if (insert !== null) {
      parts.push(chunk.subarray(start, i), Buffer.from(insert, 'latin1'));
      start = i;
    }
  }
  parts.push(chunk.subarray(start));
  return Buffer.concat(parts);
}

/**
 * Encode one chunk of a message for SMTP DATA (RFC 5321 4.5.2): line ends become CRLF
 * and a dot that starts a line is doubled. `previous` is the last byte of the chunk
 * before, so a message may be encoded chunk by chunk. Large chunks are cached.
 */
export function encodeDataChunk(chunk: Buffer, previous: PreviousByte): Buffer {
  const cached = chunk.length >= cacheMinBytes ? cache.get(chunk) : undefined;
  if (cached && cached.previous === previous) return cached.encoded;
  const encoded = isWireReady(chunk, previous) ? chunk : rewrite(chunk, previous);
  if (chunk.length >= cacheMinBytes) cache.set(chunk, { previous, encoded });
  return encoded;
}

/** Return the end of DATA after a message whose last byte is `last`: a line end if needed, then ".". */
export function dataTerminator(last: PreviousByte): Buffer {
  if (last === LF) return Buffer.from('.\r\n', 'latin1');
  if (last === CR) return Buffer.from('\n.\r\n', 'latin1');
  return Buffer.from('\r\n.\r\n', 'latin1');
}

/** Encode a whole message given as chunks: the buffers to write after the 354 reply, terminator included. */
export function encodeData(chunks: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let previous: PreviousByte = -1;
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    out.push(encodeDataChunk(chunk, previous));
    previous = chunk[chunk.length - 1]!;
  }
  out.push(dataTerminator(previous));
  return out;
}
