import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import type { TokenSigner } from '../bounces/token.ts';
import { unsubscribeMember } from '../members/lifecycle/unsubscribe.ts';
import type { LifecycleContext } from '../members/lifecycle/context.ts';
import type { Store } from '../store/index.ts';
import { escapeHtml, page, pageSecurityHeaders } from './pages.ts';

export interface UnsubscribeDeps {
  store: Store;
  signer: TokenSigner;
  log: Logger;
  /** Unsubscribes with the list's goodbye document. */
  lifecycle: LifecycleContext;
}

/**
 * The per-member unsubscribe link of List-Unsubscribe. A GET only shows a page with a
 * button, so link scanners that fetch every URL unsubscribe nobody; a POST
 * unsubscribes, and the RFC 8058 one-click POST gets an empty 200 and no page.
 * An invalid token and a removed member get the same page, which reveals nothing
 * about who is a member.
 */
export function registerUnsubscribe(app: FastifyInstance, deps: UnsubscribeDeps): void {
  const memberFor = (token: string) => {
    const ids = deps.signer.verify('unsubscribe', token, 1);
    return ids ? deps.store.members.get(ids[0]!) : undefined;
  };
  const invalid = page('Link not valid', '<h1>This link is not valid</h1><p>It may be incomplete or out of date. Use the unsubscribe link in a recent message from the list.</p>');

  app.get<{ Params: { token: string } }>('/u/:token', async (request, reply) => {
    reply.headers(pageSecurityHeaders).type('text/html; charset=utf-8');
    const member = memberFor(request.params.token);
    if (!member) return reply.code(404).send(invalid);
    const list = deps.store.lists.get(member.listId);
    const listName = escapeHtml(list ? `${list.name}@${list.host}` : 'this list');
    if (member.status === 'unsubscribed') {
      return page('Unsubscribed', `<h1>You are unsubscribed</h1><p>${escapeHtml(member.email)} no longer receives mail from ${listName}.</p>`);
    }
    return page(
      'Unsubscribe',
      `<h1>Unsubscribe from ${listName}?</h1><p>${escapeHtml(member.email)} will no longer receive its messages.</p>
<form method="post"><button type="submit" name="confirm" value="1">Unsubscribe</button></form>`,
    );
  });

  app.post<{ Params: { token: string } }>('/u/:token', async (request, reply) => {
    const member = memberFor(request.params.token);
    const body = typeof request.body === 'string' ? request.body : '';
    const oneClick = /List-Unsubscribe=One-Click/i.test(body);
    if (!member) {
      if (oneClick) return reply.code(404).send();
      return reply.code(404).headers(pageSecurityHeaders).type('text/html; charset=utf-8').send(invalid);
    }
    const list = deps.store.lists.get(member.listId);
    if (member.status !== 'unsubscribed' && list) {
      deps.store.db.transaction(() =>
        unsubscribeMember(deps.lifecycle, list, member, { goodbye: true, by: oneClick ? 'one-click' : 'link', limited: false }),
      )();
    }
    if (oneClick) return reply.code(200).send();
    reply.headers(pageSecurityHeaders).type('text/html; charset=utf-8');
    return page(
      'Unsubscribed',
      `<h1>You are unsubscribed</h1><p>${escapeHtml(member.email)} will no longer receive mail from ${escapeHtml(list ? `${list.name}@${list.host}` : 'this list')}.</p>`,
    );
  });
}
