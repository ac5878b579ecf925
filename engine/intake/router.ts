import { TokenSigner } from '../bounces/token.ts';
import { confirmAddress, listMailboxAddress, serverMailboxAddress } from '../commands/addresses.ts';
import type { Store } from '../store/index.ts';
import type { Route } from '../store/incoming.ts';

/** The decision for one RCPT TO address: a route, or the SMTP reply that rejects it. */
export type RcptDecision =
  | { accepted: true; route: Route }
  | { accepted: false; code: number; message: string; /** No kind of Lyre's address matched: forwarding may take it. */ unowned?: true };

export interface RouterContext {
  store: Store;
  signer: TokenSigner;
}

/** One kind of address Lyre owns: returns a route, a rejection, or null when the address is not its kind. */
export interface AddressMatcher {
  name: string;
  match(local: string, address: string, ctx: RouterContext): RcptDecision | null;
}

const bounceAddress: AddressMatcher = {
  name: 'bounce',
  match(local, address, ctx) {
    const token = /^bounce-(.+)$/i.exec(local)?.[1];
    if (!token) return null;
    const ids = ctx.signer.verify('bounce', token, 2);
    if (ids) {
      return { accepted: true, route: { kind: 'bounce', address, postId: ids[0]!, memberId: ids[1]!, verified: true, token } };
    }
    // A forged or damaged token is still accepted, so the report is kept, but it is
    // handled as unattributed and never charged to the member the token names.
    const [postId = 0, memberId = 0] = TokenSigner.unverifiedIds(token, 2);
    return {
      accepted: true,
      route: { kind: 'bounce', address, postId: postId || 0, memberId: memberId || 0, verified: false, token },
    };
  },
};

const memberLeaveAddress: AddressMatcher = {
  name: 'leave',
  match(local, address, ctx) {
    const token = /^leave-(.+)$/i.exec(local)?.[1];
    if (!token) return null;
    const ids = ctx.signer.verify('leave', token, 1);
    if (!ids) return null;
    return { accepted: true, route: { kind: 'leave', address, memberId: ids[0]! } };
  },
};

const listPostAddress: AddressMatcher = {
  name: 'post',
  match(local, address, ctx) {
    const list = ctx.store.lists.byName(local);
    if (!list) return null;
    return { accepted: true, route: { kind: 'post', address, listId: list.id } };
  },
};

/**
 * The kinds of address Lyre owns, tried in this order. With no sites configured, the
 * local part alone decides, so any host name pointed at the machine works.
 */
export const addressMatchers: AddressMatcher[] = [
  bounceAddress,
  memberLeaveAddress,
  serverMailboxAddress,
  confirmAddress,
  listMailboxAddress,
  listPostAddress,
];

/** Decide what an RCPT TO address is, while the client waits. */
export function routeRecipient(address: string, ctx: RouterContext, matchers = addressMatchers): RcptDecision {
  const at = address.lastIndexOf('@');
  if (at <= 0) {
    return { accepted: false, code: 553, message: `5.1.3 <${address}>: invalid address, expected local@domain` };
  }
  const local = address.slice(0, at);
  for (const matcher of matchers) {
    const decision = matcher.match(local, address, ctx);
    if (decision) return decision;
  }
  return { accepted: false, code: 550, message: `5.1.1 <${address}>: no such list or address here`, unowned: true };
}
