import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import { stringify } from 'csv-stringify/sync';

import { LyreError } from '../../errors.ts';
import { importMembers, parseMemberImport, type ImportChoice } from '../../members/import.ts';
import type { ImportIssue, ImportReport } from '../views.ts';
import { requireList, requireMember } from './lookup.ts';
import type { Handlers, MethodContext } from './types.ts';

/** Rows per transaction when importing from the GUI, so progress events reach it between batches. */
const importBatch = 5_000;
/** Issues listed in a report; the rest are counted. */
const maxReportedIssues = 1_000;

const choiceNotes: Record<ImportChoice, string> = {
  quiet: 'Members were added without any message.',
  welcome: 'Members were added as normal members, and each was sent the welcome (hello) document.',
  confirm:
    'Members were added as unconfirmed and each was sent a confirmation request. ' +
    'They receive no posts until they confirm, and get the welcome document then.',
};

async function runImport(
  { engine, hub }: MethodContext,
  input: { listId: number; text: string; choice: ImportChoice; importId: string },
): Promise<ImportReport> {
  const list = requireList(engine.store, input.listId);
  const lifecycle = engine.mailboxes?.life;
  if (input.choice !== 'quiet' && !lifecycle) {
    throw new LyreError(
      'unavailable',
      `Import with choice ${input.choice} needs the engine's subscription lifecycle to send mail, and this engine has none; import quietly instead.`,
    );
  }
  const started = Date.now();
  const progress = (phase: 'parse' | 'insert' | 'done', done: number, total: number): void => {
    hub.publish('import.progress', { importId: input.importId, phase, done, total });
  };

  progress('parse', 0, 0);
  const { rows, errors } = parseMemberImport(input.text);
  const issues: ImportIssue[] = [...errors];
  const counts = { added: 0, existing: 0, unsubscribed: 0 };

  // Each batch is one transaction; between batches the event loop delivers progress
  // and serves intake. A re-run after an interruption reports the rows added before
  // it as existing members.
  for (let start = 0; start < rows.length; start += importBatch) {
    progress('insert', start, rows.length);
    await yieldToEventLoop();
    const batch = importMembers(engine.store, list.id, rows.slice(start, start + importBatch), { choice: input.choice, lifecycle });
    counts.added += batch.added;
    counts.existing += batch.existing;
    counts.unsubscribed += batch.unsubscribed;
    issues.push(...batch.issues);
  }
  progress('done', rows.length, rows.length);

  issues.sort((a, b) => a.line - b.line);
  const report: ImportReport = {
    records: rows.length + errors.length,
    ...counts,
    duplicates: errors.filter((e) => e.kind === 'duplicate').length,
    invalid: errors.filter((e) => e.kind === 'invalid').length,
    issues: issues.slice(0, maxReportedIssues),
    issuesOmitted: Math.max(0, issues.length - maxReportedIssues),
    choice: input.choice,
    choiceNote: choiceNotes[input.choice],
    durationMs: Date.now() - started,
  };
  engine.log
    .child({ subsystem: 'api' })
    .info(
      { list: list.name, added: report.added, existing: report.existing, invalid: report.invalid, choice: input.choice, ms: report.durationMs },
      'IMPORTED',
    );
  return report;
}

function exportCsv({ engine }: MethodContext, listId: number, status?: string): { filename: string; csv: string; count: number } {
  const list = requireList(engine.store, listId);
  const rows = engine.store.db
    .prepare(
      `SELECT email, name, status, mode, joined_at AS joinedAt, fields FROM members
       WHERE list_id = ? ${status ? 'AND status = ?' : ''} ORDER BY email_key`,
    )
    .all(...(status ? [listId, status] : [listId])) as {
    email: string;
    name: string;
    status: string;
    mode: string;
    joinedAt: number;
    fields: string;
  }[];

  const parsed = rows.map((row) => ({ ...row, fields: JSON.parse(row.fields) as Record<string, string> }));
  const fieldKeys = [...new Set(parsed.flatMap((row) => Object.keys(row.fields)))].sort();
  const csv = stringify(
    parsed.map((row) => [row.email, row.name, row.status, row.mode, new Date(row.joinedAt).toISOString(), ...fieldKeys.map((k) => row.fields[k] ?? '')]),
    { header: true, columns: ['email', 'name', 'status', 'mode', 'joined', ...fieldKeys] },
  );
  return { filename: `${list.name}-members.csv`, csv, count: rows.length };
}

export const memberMethods = {
  'members.query': ({ engine }, input) => {
    requireList(engine.store, input.listId);
    return engine.store.members.query(input);
  },

  'members.add': ({ engine }, { listId, ...member }) => {
    requireList(engine.store, listId);
    return engine.store.members.add(listId, member);
  },

  'members.update': ({ engine }, { memberId, ...changes }) => {
    requireMember(engine.store, memberId);
    return engine.store.members.update(memberId, changes);
  },

  'members.remove': ({ engine }, { memberIds, mode }) => {
    const store = engine.store;
    const missing = memberIds.filter((id) => !store.members.get(id));
    if (missing.length > 0) {
      throw new LyreError('not_found', `Members ${missing.slice(0, 10).join(', ')} not found; reload the member list.`);
    }
    store.db.transaction(() => {
      for (const id of memberIds) {
        if (mode === 'delete') store.members.delete(id);
        else store.members.setStatus(id, 'unsubscribed');
      }
    })();
    engine.log.child({ subsystem: 'api' }).info({ count: memberIds.length, mode }, 'REMOVED');
    return { removed: memberIds.length };
  },

  'members.import': (ctx, input) => runImport(ctx, input),
  'members.export': (ctx, { listId, status }) => exportCsv(ctx, listId, status),
} satisfies Partial<Handlers>;
