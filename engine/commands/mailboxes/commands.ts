import { listsUnlockedBy } from '../auth.ts';
import { namedList } from '../arguments.ts';
import type { CommandContext } from '../context.ts';
import { executeCommands } from '../execute.ts';
import { loginPasswords, maskedCopy, maskText, storeMaskedCopy } from '../mask.ts';
import { replyText } from '../reply.ts';
import { scanMessage, type ScanResult } from '../scan.ts';
import type { List } from '../../store/lists.ts';
import { replyFrom, replyToSender, routeHost } from './reply.ts';
import type { MailboxContext, MailboxHandler } from './types.ts';

interface PreparedCommands {
  scan: ScanResult;
  logins: Map<number, Set<number>>;
  passwords: string[];
  masked: Buffer | null;
}

// A login is checked against at most this many lists, because each check costs an scrypt hash.
const maxListsPerLogin = 20;

/**
 * The lists a login line may be meant for: the LIST-request list, every list named
 * by a word in a later line, and the lists of member ids in later "member" lines.
 */
function candidateLists(ctx: MailboxContext, scan: ScanResult, after: number): List[] {
  const found = new Map<number, List>();
  if (ctx.list) found.set(ctx.list.id, ctx.list);
  for (const line of scan.lines.filter((l) => l.number > after)) {
    const words = line.text.split(/\s+/);
    for (const word of words.slice(1)) {
      const list = namedList(ctx.life.store, word);
      if (list) found.set(list.id, list);
      if (words[0]!.toLowerCase() === 'member' && /^\d+$/.test(word)) {
        const member = ctx.life.store.members.get(Number(word));
        const owner = member ? ctx.life.store.lists.get(member.listId) : undefined;
        if (owner) found.set(owner.id, owner);
      }
    }
  }
  return [...found.values()].slice(0, maxListsPerLogin);
}

/** The server command address and LIST-request: commands, one per line, and one reply. */
export const commandMailbox: MailboxHandler<PreparedCommands> = {
  acceptsAutomated: false,

  async prepare(ctx, mail) {
    const scan = scanMessage(mail.text, mail.subject);
    const logins = new Map<number, Set<number>>();
    for (const line of scan.lines) {
      const password = loginPasswords({ lines: [line], ended: null })[0];
      if (password !== undefined) logins.set(line.number, await listsUnlockedBy(ctx.life.store, password, candidateLists(ctx, scan, line.number)));
    }
    const passwords = loginPasswords(scan);
    const masked = passwords.length > 0 ? maskedCopy(mail.incoming.raw, mail.subject, mail.text, passwords) : null;
    return { scan, logins, passwords, masked };
  },

  handle(ctx, mail, prepared) {
    if (!mail.sender) return 'ignored: no sender address';
    const commandContext: CommandContext = {
      life: ctx.life,
      mail,
      sender: mail.sender,
      defaultList: ctx.list,
      host: ctx.list?.host ?? routeHost(mail),
      admin: null,
      logins: prepared.logins,
    };
    const executed = executeCommands(commandContext, prepared.scan);
    if (prepared.masked) storeMaskedCopy(ctx.life.store.db, mail.incoming, prepared.masked);
    if (prepared.scan.ended === 'end quiet') return `${executed.results.length} commands, no reply (end quiet)`;
    // The reply's subject repeats the message's, which may hold the password.
    const shown = { ...mail, subject: maskText(mail.subject, prepared.passwords) };
    const queued = replyToSender(ctx, shown, replyText(replyFrom(mail, ctx.list).address, executed));
    return `${executed.results.length} commands, ${queued === null ? 'reply held back' : 'replied'}`;
  },
};
