const DOT = 0x2e;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

/**
 * Dot-stuff a message for SMTP DATA (RFC 5321 4.5.2): a dot that starts a line gets a
 * second dot. A line starts after every LF, bare or not, because smtp-server and
 * Postfix both unstuff after a bare LF too, so this is the exact inverse of what the
 * intake removed. The result always ends with CRLF, ready for the ".\r\n" terminator.
 */
export function dotStuff(message: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  if (message.length > 0 && message[0] === DOT) {
    parts.push(Buffer.from('.'));
  }
  let newline = message.indexOf(LF);
  while (newline !== -1) {
    if (message[newline + 1] === DOT) {
      parts.push(message.subarray(start, newline + 1), Buffer.from('.'));
      start = newline + 1;
    }
    newline = message.indexOf(LF, newline + 1);
  }
  parts.push(message.subarray(start));

  const endsWithCrlf = message.length >= 2 && message[message.length - 2] === 0x0d && message[message.length - 1] === LF;
  if (!endsWithCrlf) parts.push(CRLF);
  return Buffer.concat(parts);
}
