import type { Db } from '../store/db.ts';
import type { DocumentName, DocumentText } from './defaults.ts';

/** Documents in the store: a list's own (listId set) or the server-wide default (listId null). */
export class DocumentStore {
  constructor(private readonly db: Db) {}

  get(listId: number | null, name: DocumentName): DocumentText | undefined {
    return this.db
      .prepare('SELECT subject, body FROM documents WHERE coalesce(list_id, 0) = ? AND name = ?')
      .get(listId ?? 0, name) as DocumentText | undefined;
  }

  set(listId: number | null, name: DocumentName, text: DocumentText): void {
    this.db.transaction(() => {
      this.remove(listId, name);
      this.db
        .prepare('INSERT INTO documents (list_id, name, subject, body, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(listId, name, text.subject, text.body, Date.now());
    })();
  }

  /** Remove a stored document, so the next level (server default, then built-in) applies. */
  remove(listId: number | null, name: DocumentName): boolean {
    return this.db.prepare('DELETE FROM documents WHERE coalesce(list_id, 0) = ? AND name = ?').run(listId ?? 0, name).changes > 0;
  }
}
