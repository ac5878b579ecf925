import { parse } from 'csv-parse/sync';

import { LyreError } from '../errors.ts';
import { addressKey } from '../mail/address.ts';
import { queueDocument } from '../notices/document-notice.ts';
import type { List } from '../store/lists.ts';
import { MemberStore, type MemberStatus } from '../store/members.ts';
import type { Store } from '../store/index.ts';
import { requestConfirmation } from './lifecycle/confirm-request.ts';
import type { LifecycleContext } from './lifecycle/context.ts';

/**
 * Member import from CSV files and pasted text. Each record gives an address in one
 * of the usual forms (`a@b`, `Name <a@b>`, `"Name" <a@b>`, `a@b (Name)`), either alone
 * or in a column next to a name. A first row naming an email column is a header, and
 * its other columns become the member's fields. Delimiters may be commas, semicolons
 * or tabs; a byte-order mark is dropped.
 */

export interface ImportRow {
  line: number;
  email: string;
  name: string;
  fields: Record<string, string>;
}

export interface ImportIssue {
  line: number;
  kind: 'invalid' | 'duplicate' | 'existing' | 'unsubscribed';
  /** The line as written, cut to 200 characters. */
  text: string;
  reason: string;
}

export type ImportChoice = 'quiet' | 'welcome' | 'confirm';

export interface ImportOptions {
  choice: ImportChoice;
  /** Sends the hello document (welcome) or the confirmation request (confirm); required for those choices. */
  lifecycle?: LifecycleContext;
}

export interface ImportResult {
  added: number;
  existing: number;
  unsubscribed: number;
  issues: ImportIssue[];
}

const emailHeaders = new Set(['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'address', 'emailaddress']);
const nameHeaders = new Set(['name', 'full name', 'fullname', 'display name', 'displayname']);
const firstNameHeaders = new Set(['first name', 'firstname', 'given name']);
const lastNameHeaders = new Set(['last name', 'lastname', 'surname', 'family name']);

const angleForm = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<>"]*?))\s*<([^<>\s]+)>\s*$/;
const commentForm = /^\s*([^\s()<>"]+)\s*\(([^()]*)\)\s*$/;

/** Read one cell as a mailbox: the address and any display name it carries, or null. */
export function parseMailbox(cell: string): { email: string; name: string } | null {
  const angle = angleForm.exec(cell);
  if (angle) {
    const name = angle[1] !== undefined ? angle[1].replace(/\\(.)/g, '$1') : (angle[2] ?? '');
    return { email: angle[3]!, name: name.trim() };
  }
  const comment = commentForm.exec(cell);
  if (comment) return { email: comment[1]!, name: comment[2]!.trim() };
  const bare = cell.trim().replace(/^"(.*)"$/, '$1').trim();
  if (bare.includes('@') && !/\s/.test(bare)) return { email: bare, name: '' };
  return null;
}

/** Pick the delimiter used most often outside quotes in the first lines. */
function detectDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024).split(/\r?\n/).slice(0, 50).join('\n').replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => ({ d, n: sample.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ',';
}

interface HeaderMap {
  email: number;
  name: number | null;
  first: number | null;
  last: number | null;
  fields: { index: number; key: string }[];
}

function readHeader(cells: string[]): HeaderMap | null {
  const names = cells.map((c) => c.trim().toLowerCase());
  const email = names.findIndex((n) => emailHeaders.has(n));
  if (email < 0 || cells.some((c) => c.includes('@'))) return null;
  const find = (set: Set<string>): number | null => {
    const index = names.findIndex((n) => set.has(n));
    return index < 0 ? null : index;
  };
  const map: HeaderMap = { email, name: find(nameHeaders), first: find(firstNameHeaders), last: find(lastNameHeaders), fields: [] };
  const used = new Set([map.email, map.name, map.first, map.last]);
  cells.forEach((cell, index) => {
    if (!used.has(index) && cell.trim() !== '') map.fields.push({ index, key: cell.trim() });
  });
  return map;
}

function clip(text: string): string {
  const line = text.replace(/\r?\n$/, '');
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Interpret one record; returns the row or the reason it is invalid. */
function readRecord(cells: string[], header: HeaderMap | null): Omit<ImportRow, 'line'> | string {
  if (header) {
    const mailbox = parseMailbox(cells[header.email] ?? '');
    if (!mailbox) return `no address in the email column (expected local@domain)`;
    const parts = [header.first, header.last].map((i) => (i === null ? '' : (cells[i] ?? '').trim()));
    const name = (header.name !== null ? (cells[header.name] ?? '').trim() : '') || mailbox.name || parts.join(' ').trim();
    const fields: Record<string, string> = {};
    for (const { index, key } of header.fields) if (cells[index]) fields[key] = cells[index]!.trim();
    return { email: mailbox.email, name, fields };
  }

  let at = -1;
  let mailbox: { email: string; name: string } | null = null;
  while (mailbox === null && ++at < cells.length) mailbox = parseMailbox(cells[at]!);
  if (mailbox === null) return 'no email address found (expected local@domain, Name <local@domain> or local@domain (Name))';
  const others = cells.filter((cell, index) => index !== at && cell.trim() !== '');
  return { email: mailbox.email, name: mailbox.name || (others[0] ?? '').trim(), fields: {} };
}

/**
 * Parse import text into rows and the lines that cannot be imported: invalid lines
 * and repeats of an address already seen earlier in the text, each by line number.
 */
export function parseMemberImport(text: string): { rows: ImportRow[]; errors: ImportIssue[] } {
  const rows: ImportRow[] = [];
  const errors: ImportIssue[] = [];
  const firstLine = new Map<string, number>();
  let header: HeaderMap | null = null;
  let first = true;

  const records = parse(text, {
    bom: true,
    delimiter: detectDelimiter(text),
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    info: true,
    raw: true,
    skip_records_with_error: true,
    on_skip: (error: { lines?: number; message: string } | undefined, raw?: string) => {
      errors.push({
        line: error?.lines ?? 0,
        kind: 'invalid',
        text: clip(raw ?? ''),
        reason: `not readable as CSV (${error?.message ?? 'malformed record'})`,
      });
    },
  }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];

  for (const { record, info, raw } of records) {
    if (record.every((cell) => cell.trim() === '')) continue;
    const line = info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
    if (first) {
      first = false;
      header = readHeader(record);
      if (header) continue;
    }

    const parsed = readRecord(record, header);
    if (typeof parsed === 'string') {
      errors.push({ line, kind: 'invalid', text: clip(raw), reason: parsed });
      continue;
    }
    const key = addressKey(parsed.email);
    if (!key) {
      errors.push({ line, kind: 'invalid', text: clip(raw), reason: `${JSON.stringify(parsed.email)} is not a valid address (expected local@domain)` });
      continue;
    }
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      errors.push({ line, kind: 'duplicate', text: clip(raw), reason: `${parsed.email} already appears on line ${seen}` });
      continue;
    }
    firstLine.set(key, line);
    rows.push({ line, ...parsed });
  }

  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}

const statusByChoice: Record<ImportChoice, MemberStatus> = { quiet: 'normal', welcome: 'normal', confirm: 'unconfirmed' };

type AddedMember = { id: number; email: string; name: string };

/** What happens to each newly added member, inside the import's transaction. */
function mailForChoice(store: Store, listId: number, options: ImportOptions): ((member: AddedMember) => void) | null {
  if (options.choice === 'quiet') return null;
  const ctx = options.lifecycle;
  if (!ctx) throw new LyreError('internal', `Importing with choice ${options.choice} needs the lifecycle context to send mail.`);
  const list: List | undefined = store.lists.get(listId);
  if (!list) throw new LyreError('not_found', `List ${listId} not found; it may have been deleted.`);

  if (options.choice === 'welcome') return (member) => void queueDocument(ctx, 'hello', list, member);
  return (member) => {
    requestConfirmation(ctx, list, store.members.get(member.id)!, {
      action: 'subscribe',
      requestedBy: 'admin',
      previousStatus: null,
      welcome: true,
      limited: false,
    });
  };
}

/**
 * Add parsed rows to a list in one transaction with prepared statements. Existing
 * members are left unchanged, and unsubscribed ones are not re-subscribed, because
 * their unsubscription is kept for suppression. With choice welcome each added
 * member gets the hello document, and with confirm a confirmation request; both are
 * queued in the same transaction, so they are sent only if the rows commit.
 * `onProgress` is called every 1,000 rows and at the end, from inside the transaction.
 */
export function importMembers(
  store: Store,
  listId: number,
  rows: ImportRow[],
  options: ImportOptions,
  onProgress?: (done: number, total: number) => void,
): ImportResult {
  const result: ImportResult = { added: 0, existing: 0, unsubscribed: 0, issues: [] };
  const insert = store.db.prepare(
    `INSERT INTO members (list_id, email, email_key, domain, name, status, mode, fields, joined_at, status_at)
     VALUES (?, ?, ?, ?, ?, ?, 'mail', ?, ?, ?) ON CONFLICT (list_id, email_key) DO NOTHING`,
  );
  const existing = store.db.prepare('SELECT status FROM members WHERE list_id = ? AND email_key = ?');
  const status = statusByChoice[options.choice];
  const mail = mailForChoice(store, listId, options);

  store.db.transaction(() => {
    const now = Date.now();
    rows.forEach((row, index) => {
      const { key, domain } = MemberStore.checkEmail(row.email);
      const email = row.email.trim();
      const inserted = insert.run(listId, email, key, domain, row.name, status, JSON.stringify(row.fields), now, now);
      if (inserted.changes === 1) {
        result.added++;
        mail?.({ id: Number(inserted.lastInsertRowid), email, name: row.name });
      } else {
        const current = (existing.get(listId, key) as { status: MemberStatus }).status;
        const unsubscribed = current === 'unsubscribed';
        result[unsubscribed ? 'unsubscribed' : 'existing']++;
        result.issues.push({
          line: row.line,
          kind: unsubscribed ? 'unsubscribed' : 'existing',
          text: email,
          reason: unsubscribed
            ? `${email} unsubscribed from this list earlier; it stays unsubscribed`
            : `${email} is already a member (status ${current}); left unchanged`,
        });
      }
      if ((index + 1) % 1000 === 0 || index + 1 === rows.length) onProgress?.(index + 1, rows.length);
    });
  })();
  return result;
}
