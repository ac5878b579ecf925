import type { Db } from '../store/db.ts';
import type { IncomingMessage } from '../store/incoming.ts';
import { encodeHeaderText, foldHeader } from '../shaping/encoded-words.ts';
import { splitMessage } from '../shaping/header-block.ts';
import type { InboundMail } from './read-mail.ts';
import { scanMessage, type ScanResult } from './scan.ts';

/** The text that replaces a password in every stored copy, log line and reply. */
export const passwordMask = 'XXXX';

const loginLine = /^(\s*login\s+)(\S+)/i;

/** Collect the passwords given on login lines. */
export function loginPasswords(scan: ScanResult): string[] {
  return scan.lines.map((line) => loginLine.exec(line.text)?.[2]).filter((p): p is string => p !== undefined);
}

/** Replace every occurrence of each password in `text`. */
export function maskText(text: string, passwords: string[]): string {
  let masked = text;
  for (const password of passwords) masked = masked.split(password).join(passwordMask);
  return masked;
}

/** Mask the password of a login line, for showing the line. */
export function maskLine(text: string): string {
  return text.replace(loginLine, `$1${passwordMask}`);
}

const bodyFields = new Set(['content-type', 'content-transfer-encoding', 'content-disposition', 'mime-version']);

/**
 * Build a copy of a command message that keeps its header fields, every password
 * masked, and replaces the body by the masked command text as UTF-8 plain text.
 * Other parts, HTML included, are dropped because they may repeat the password.
 */
export function maskedCopy(raw: Buffer, subject: string, bodyText: string, passwords: string[]): Buffer {
  const { fields } = splitMessage(raw);
  const kept = fields
    .filter((field) => !bodyFields.has(field.key))
    .map((field) =>
      // The subject is rewritten from its decoded text, because an encoded word can hide the password.
      field.key === 'subject'
        ? Buffer.from(foldHeader('Subject', encodeHeaderText(maskText(subject, passwords))), 'latin1')
        : Buffer.from(maskText(Buffer.from(field.raw, 'latin1').toString('utf8'), passwords), 'utf8'),
    );
  const head = Buffer.from(
    'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n',
    'latin1',
  );
  const body = maskText(bodyText, passwords).replace(/\r?\n/g, '\r\n');
  return Buffer.concat([...kept, head, Buffer.from(`\r\n${body}`, 'utf8')]);
}

/**
 * Replace the stored message by its masked copy.
 * NOTE: SQLite may keep the old bytes in free pages and the WAL file until they are
 * reused, and the message was stored unmasked until its commands ran.
 */
export function storeMaskedCopy(db: Db, incoming: IncomingMessage, masked: Buffer): void {
  db.prepare('UPDATE incoming_messages SET raw = ?, size = ? WHERE id = ?').run(masked, masked.length, incoming.id);
}

/** Mask the stored message when it carries login passwords; returns whether it did. */
export function maskStoredPasswords(db: Db, mail: InboundMail): boolean {
  const passwords = loginPasswords(scanMessage(mail.text, mail.subject));
  if (passwords.length === 0) return false;
  storeMaskedCopy(db, mail.incoming, maskedCopy(mail.incoming.raw, mail.subject, mail.text, passwords));
  return true;
}
