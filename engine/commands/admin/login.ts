import type { CommandDefinition } from '../context.ts';

export const loginCommand: CommandDefinition = {
  name: 'login',
  synonyms: [],
  usage: 'PASSWORD',
  summary: "give a list's administrator password for the commands after it",
  admin: true,
  run(ctx, { line, args }) {
    if (!args[0]) return ['Name the password: login PASSWORD.'];
    // The password was checked before the commands ran, because scrypt is asynchronous.
    const unlocked = ctx.logins.get(line.number) ?? new Set<number>();
    ctx.admin = unlocked;
    if (unlocked.size === 0) {
      ctx.life.log.warn({ sender: ctx.sender.address, incoming: ctx.mail.incoming.id }, 'LOGIN FAILED');
      return ['Login failed: that is not the administrator password of any list this message names. Administrator commands below are refused.'];
    }
    const names = [...unlocked].map((id) => ctx.life.store.lists.get(id)?.name).filter(Boolean);
    ctx.life.log.info({ sender: ctx.sender.address, incoming: ctx.mail.incoming.id, lists: names }, 'LOGIN');
    return [`Logged in as administrator of ${names.join(', ')}.`];
  },
};
