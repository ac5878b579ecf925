import type { AddressMatcher } from '../intake/router.ts';
import type { Mailbox } from '../store/incoming.ts';

/** Server-wide command addresses: Lyre's own name and the legacy names of other list servers. */
const serverCommandNames = new Set(['lyre', 'listserv', 'majordomo', 'listproc', 'lists']);

/** Server-wide addresses of a single purpose. */
const serviceNames: Record<string, Mailbox> = { unhold: 'unhold', purge: 'purge', help: 'help' };

/** The forms of a list's own mailboxes: LIST-request, LIST-join, join-LIST, ... */
const listMailboxForms: { pattern: RegExp; mailbox: Mailbox }[] = [
  { pattern: /^(.+)-request$/i, mailbox: 'commands' },
  { pattern: /^(.+)-join$/i, mailbox: 'join' },
  { pattern: /^join-(.+)$/i, mailbox: 'join' },
  { pattern: /^(.+)-subscribe$/i, mailbox: 'join' },
  { pattern: /^(.+)-leave$/i, mailbox: 'leave' },
  { pattern: /^leave-(.+)$/i, mailbox: 'leave' },
  { pattern: /^(.+)-unsubscribe$/i, mailbox: 'leave' },
  { pattern: /^unsubscribe-(.+)$/i, mailbox: 'leave' },
  { pattern: /^(.+)-owner$/i, mailbox: 'owner' },
  { pattern: /^owner-(.+)$/i, mailbox: 'owner' },
];

export const serverMailboxAddress: AddressMatcher = {
  name: 'server mailbox',
  match(local, address) {
    const lower = local.toLowerCase();
    const mailbox = serverCommandNames.has(lower) ? 'commands' : Object.hasOwn(serviceNames, lower) ? serviceNames[lower]! : null;
    if (!mailbox) return null;
    return { accepted: true, route: { kind: 'mailbox', address, mailbox, listId: null } };
  },
};

/** confirm-TOKEN@: the per-request reply address of a confirmation message. */
export const confirmAddress: AddressMatcher = {
  name: 'confirm',
  match(local, address, ctx) {
    const token = /^confirm-(.+)$/i.exec(local)?.[1];
    if (!token) return null;
    const ids = ctx.signer.verify('confirm', token, 1);
    if (!ids) {
      return {
        accepted: false,
        code: 550,
        message: `5.1.1 <${address}>: this confirmation address is not valid; reply to the latest confirmation message`,
      };
    }
    return { accepted: true, route: { kind: 'mailbox', address, mailbox: 'confirm', listId: null, confirmationId: ids[0]! } };
  },
};

export const listMailboxAddress: AddressMatcher = {
  name: 'list mailbox',
  match(local, address, ctx) {
    for (const form of listMailboxForms) {
      const name = form.pattern.exec(local)?.[1];
      const list = name ? ctx.store.lists.byName(name) : undefined;
      if (list) return { accepted: true, route: { kind: 'mailbox', address, mailbox: form.mailbox, listId: list.id } };
    }
    return null;
  },
};
