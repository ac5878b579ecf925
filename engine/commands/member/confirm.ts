import { confirmRequests, type ConfirmOutcome } from '../../members/lifecycle/confirm.ts';
import type { LifecycleContext } from '../../members/lifecycle/context.ts';
import { listAddress } from '../arguments.ts';
import type { CommandDefinition } from '../context.ts';

/** The reply lines for the outcome of a confirmation, shared by the command and the confirm address. */
export function confirmReply(outcome: ConfirmOutcome): string[] {
  switch (outcome.outcome) {
    case 'not-found':
      return ['Not done: that confirmation code is not valid. Use the link or address in the latest confirmation message.'];
    case 'already-confirmed':
      return ['That request was already confirmed; there was nothing more to do.'];
    case 'expired':
      return ['Not done: that confirmation request has expired or was replaced by a newer one. Ask again to get a new one.'];
    case 'confirmed':
      return outcome.requests.map((r) =>
        r.outcome === 'subscribed'
          ? `Confirmed: ${r.member.email} is now a member of ${listAddress(r.list)}.`
          : `Confirmed: ${r.member.email} has left ${listAddress(r.list)}.`,
      );
  }
}

/** Confirm by a code from a confirmation message; returns the reply lines. */
export function confirmByToken(life: LifecycleContext, token: string, by: string): string[] {
  const id = life.links.confirmationOf(token);
  if (id === null) return confirmReply({ outcome: 'not-found' });
  return confirmReply(confirmRequests(life, id, { limited: true, by }));
}

export const confirmCommand: CommandDefinition = {
  name: 'confirm',
  synonyms: [],
  usage: 'CODE',
  summary: 'confirm a request with the code from a confirmation message',
  admin: false,
  run(ctx, { args }) {
    const token = args[0]?.replace(/^confirm-/i, '').replace(/@.*$/, '');
    if (!token) return ['Name the code: confirm CODE.'];
    return confirmByToken(ctx.life, token, 'command');
  },
};
