/** One line of a command message that may be a command. */
export interface ScannedLine {
  /** Line number in the body, from 1; 0 for the subject. */
  number: number;
  text: string;
  /** The lines between "<<" and ">>" when the line ends with "<<". */
  block?: { number: number; text: string }[];
}

export interface ScanResult {
  lines: ScannedLine[];
  /** How reading ended early: "end", "end quiet", or null when it read to the end. */
  ended: 'end' | 'end quiet' | null;
}

const signature = /^--\s*$/;

/**
 * Pick the candidate command lines out of a body: blank and quoted (">") lines are
 * skipped, a signature separator ("-- ") ends the commands, and so do "end" and
 * "end quiet". A line ending in "<<" collects the following lines up to ">>".
 */
export function scanBody(text: string): ScanResult {
  const raw = text.replace(/\r\n?/g, '\n').split('\n');
  const lines: ScannedLine[] = [];
  for (let index = 0; index < raw.length; index++) {
    const line = raw[index]!;
    const trimmed = line.trim();
    if (signature.test(line.trimStart())) break;
    if (trimmed === '' || trimmed.startsWith('>')) continue;
    const word = trimmed.toLowerCase().replace(/\s+/g, ' ');
    if (word === 'end') return { lines, ended: 'end' };
    if (word === 'end quiet') return { lines, ended: 'end quiet' };

    const scanned: ScannedLine = { number: index + 1, text: trimmed };
    if (trimmed.endsWith('<<')) {
      scanned.text = trimmed.slice(0, -2).trim();
      scanned.block = [];
      while (++index < raw.length && raw[index]!.trim() !== '>>') {
        if (raw[index]!.trim() !== '') scanned.block.push({ number: index + 1, text: raw[index]!.trim() });
      }
    }
    lines.push(scanned);
  }
  return { lines, ended: null };
}

/** The subject read as one command line, without reply and forward prefixes. */
export function subjectLine(subject: string): ScannedLine | null {
  const text = subject.replace(/^(\s*(re|fwd?|aw|sv)\s*:\s*)+/i, '').trim();
  return text === '' ? null : { number: 0, text };
}

/** The commands of a message: the body's lines, or the subject when the body has none. */
export function scanMessage(body: string, subject: string): ScanResult {
  const scanned = scanBody(body);
  if (scanned.lines.length > 0 || scanned.ended !== null) return scanned;
  const line = subjectLine(subject);
  if (!line) return scanned;
  const word = line.text.toLowerCase();
  if (word === 'end' || word === 'end quiet') return { lines: [], ended: word };
  return { lines: [line], ended: null };
}
