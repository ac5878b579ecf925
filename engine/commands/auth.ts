import { LyreError } from '../errors.ts';
import type { List } from '../store/lists.ts';
import type { Store } from '../store/index.ts';
import { hashPassword, verifyPassword } from '../web/admin-password.ts';

const minLength = 8;

/** Set the password that email "login" checks for a list, stored as an scrypt hash. */
export async function setListAdminPassword(store: Store, list: List, password: string): Promise<void> {
  if (password.length < minLength) {
    throw new LyreError('invalid', `The password is too short (${password.length} characters); use at least ${minLength}.`);
  }
  if (/\s/.test(password)) {
    throw new LyreError('invalid', 'The password contains white space, which the email "login" command cannot carry; choose one without.');
  }
  const hash = await hashPassword(password);
  store.db
    .prepare(
      `INSERT INTO list_admin_passwords (list_id, hash, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (list_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`,
    )
    .run(list.id, hash, Date.now());
}

export function listAdminPasswordHash(store: Store, listId: number): string | undefined {
  const row = store.db.prepare('SELECT hash FROM list_admin_passwords WHERE list_id = ?').get(listId) as { hash: string } | undefined;
  return row?.hash;
}

/** The ids of the lists, among `lists`, whose administrator password is `password`. */
export async function listsUnlockedBy(store: Store, password: string, lists: List[]): Promise<Set<number>> {
  const unlocked = new Set<number>();
  for (const list of lists) {
    const hash = listAdminPasswordHash(store, list.id);
    if (hash && (await verifyPassword(password, hash))) unlocked.add(list.id);
  }
  return unlocked;
}
