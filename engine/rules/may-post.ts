import addressparser from 'nodemailer/lib/addressparser';

import { firstValue, type HeaderField } from '../shaping/header-block.ts';
import type { List } from '../store/lists.ts';
import type { Store } from '../store/index.ts';

export type PostDecision = { allowed: true; sender: string } | { allowed: false; sender: string; reason: string };

/** The addresses a post claims to come from: From, Sender and the envelope sender (as Mailman reads them). */
export function senderAddresses(fields: HeaderField[], mailFrom: string): string[] {
  const found: string[] = [];
  for (const name of ['from', 'sender']) {
    const value = firstValue(fields, name);
    if (!value) continue;
    for (const entry of addressparser(Buffer.from(value, 'latin1').toString('utf8'), { flatten: true })) {
      if (entry.address) found.push(entry.address);
    }
  }
  if (mailFrom) found.push(mailFrom);
  return found;
}

function sameAddress(a: string, b: string): boolean {
  const at = (s: string) => s.lastIndexOf('@');
  return a.slice(0, at(a)) === b.slice(0, at(b)) && a.slice(at(a)).toLowerCase() === b.slice(at(b)).toLowerCase();
}

/**
 * Decide whether a post may go to the list: on a discussion list a member may post,
 * on an announcement list only the addresses in its `posters` setting; anyone else
 * is handled by the list's nonMemberPolicy.
 */
export function mayPost(store: Store, list: List, senders: string[]): PostDecision {
  const first = senders[0] ?? '';
  for (const sender of senders) {
    if (list.settings.posters.some((p) => sameAddress(p, sender))) return { allowed: true, sender };
    if (list.type === 'discussion' && store.members.isPostingMember(list.id, sender)) return { allowed: true, sender };
  }
  if (list.settings.nonMemberPolicy === 'accept' && list.type === 'discussion') return { allowed: true, sender: first };
  const reason =
    list.type === 'announcement'
      ? `${list.name} is an announcement list; only its designated senders may post`
      : `${first || 'the sender'} is not a member of ${list.name}; only members may post`;
  return { allowed: false, sender: first, reason };
}
