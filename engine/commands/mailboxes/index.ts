import type { Mailbox } from '../../store/incoming.ts';
import { commandMailbox } from './commands.ts';
import { joinMailbox } from './join.ts';
import { leaveMailbox } from './leave.ts';
import { ownerMailbox } from './owner.ts';
import { confirmMailbox, helpMailbox, purgeMailbox, unholdMailbox } from './service.ts';
import type { MailboxHandler } from './types.ts';

/** The handler of each of Lyre's mailboxes. */
export const mailboxHandlers: Record<Mailbox, MailboxHandler> = {
  commands: commandMailbox,
  join: joinMailbox,
  leave: leaveMailbox,
  owner: ownerMailbox,
  confirm: confirmMailbox,
  unhold: unholdMailbox,
  purge: purgeMailbox,
  help: helpMailbox,
};
