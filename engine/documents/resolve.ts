import type { Db } from '../store/db.ts';
import { builtInDocuments, type DocumentName, type DocumentText } from './defaults.ts';
import { DocumentStore } from './document-store.ts';

export type DocumentSource = 'list' | 'server' | 'built-in';

/** Find the text of a document for a list: the list's own, else the server's default, else the built-in one. */
export function resolveDocument(db: Db, listId: number | null, name: DocumentName): DocumentText & { source: DocumentSource } {
  const documents = new DocumentStore(db);
  const own = listId !== null ? documents.get(listId, name) : undefined;
  if (own) return { ...own, source: 'list' };
  const server = documents.get(null, name);
  if (server) return { ...server, source: 'server' };
  return { ...builtInDocuments[name], source: 'built-in' };
}

/**
 * Read a document file: an optional first line "Subject: ..." followed by a blank
 * line, then the body. Without a subject line the fallback subject is kept.
 */
export function parseDocumentFile(text: string, fallbackSubject: string): DocumentText {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const match = /^Subject:[ \t]*(.*)\n\n?/i.exec(normalized);
  if (!match) return { subject: fallbackSubject, body: normalized };
  return { subject: match[1]!.trim(), body: normalized.slice(match[0].length) };
}

/** Write a document in the file format parseDocumentFile reads. */
export function formatDocumentFile(text: DocumentText): string {
  return `Subject: ${text.subject}\n\n${text.body}`;
}
