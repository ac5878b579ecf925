import { documentNames, documentPurposes, type DocumentName } from '../../documents/defaults.ts';
import { DocumentStore } from '../../documents/document-store.ts';
import { mergeTags } from '../../documents/merge.ts';
import { resolveDocument } from '../../documents/resolve.ts';
import { LyreError } from '../../errors.ts';
import type { Db } from '../../store/db.ts';
import type { DocumentView, MergeTagView } from '../views.ts';
import { requireList } from './lookup.ts';
import type { Handlers } from './types.ts';

/** Tags filled for every document sent to a member (see memberMergeValues). */
const memberTags = [
  'name',
  'email',
  'list',
  'list_address',
  'list_description',
  'request_address',
  'owner_address',
  'join_address',
  'unsubscribe_url',
  'leave_address',
  'unhold_address',
  'server_address',
];
const confirmTags = ['confirm_url', 'confirm_address', 'expires', 'requested_by'];

/** The tags that have a value when each document is sent, by the code that sends it. */
const tagsByDocument: Record<DocumentName, string[]> = {
  hello: memberTags,
  goodbye: memberTags,
  confirm: [...memberTags, ...confirmTags],
  'confirm-unsubscribe': [...memberTags, ...confirmTags],
  held: [...memberTags, 'last_error'],
  private: memberTags,
  help: ['server_address', 'commands', 'list', 'list_address', 'request_address'],
};

function tagViews(name: DocumentName): MergeTagView[] {
  return tagsByDocument[name].map((tag) => ({ tag, meaning: mergeTags[tag] ?? '' }));
}

function documentView(db: Db, listId: number, name: DocumentName): DocumentView {
  const current = resolveDocument(db, listId, name);
  // Without a list id, resolveDocument returns the server's or the built-in text.
  const inherited = resolveDocument(db, null, name);
  return {
    name,
    purpose: documentPurposes[name],
    subject: current.subject,
    body: current.body,
    source: current.source,
    inherited: { subject: inherited.subject, body: inherited.body, source: inherited.source as 'server' | 'built-in' },
    mergeTags: tagViews(name),
  };
}

/** Reject `{{tag}}` names that are not merge tags, because they would be sent as written. */
function checkTags(name: DocumentName, field: 'subject' | 'body', text: string): void {
  const unknown = [...text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1]!).filter((tag) => !Object.hasOwn(mergeTags, tag));
  if (unknown.length === 0) return;
  throw new LyreError(
    'invalid',
    `The ${field} of ${name} uses unknown merge tag ${unknown.map((tag) => `{{${tag}}}`).join(', ')}; ` +
      `use one of ${tagsByDocument[name].map((tag) => `{{${tag}}}`).join(', ')}.`,
  );
}

export const documentMethods = {
  'lists.documents': ({ engine }, { listId }) => {
    requireList(engine.store, listId);
    return documentNames.map((name) => documentView(engine.store.db, listId, name));
  },

  'lists.setDocument': ({ engine }, input) => {
    const list = requireList(engine.store, input.listId);
    const documents = new DocumentStore(engine.store.db);
    const log = engine.log.child({ subsystem: 'api' });

    if (input.reset) {
      const removed = documents.remove(list.id, input.name);
      log.info({ list: list.name, listId: list.id, document: input.name, removed }, 'RESET document');
      return documentView(engine.store.db, list.id, input.name);
    }

    // The input schema requires both fields unless reset is true.
    const text = { subject: input.subject!, body: input.body! };
    checkTags(input.name, 'subject', text.subject);
    checkTags(input.name, 'body', text.body);
    documents.set(list.id, input.name, text);
    log.info({ list: list.name, listId: list.id, document: input.name }, 'SAVED document');
    return documentView(engine.store.db, list.id, input.name);
  },
} satisfies Partial<Handlers>;
