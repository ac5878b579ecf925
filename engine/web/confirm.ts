import type { FastifyInstance } from 'fastify';

import { confirmRequests, requestsConfirmedBy } from '../members/lifecycle/confirm.ts';
import type { Confirmation } from '../members/lifecycle/confirmations.ts';
import type { LifecycleContext } from '../members/lifecycle/context.ts';
import { escapeHtml, page, pageSecurityHeaders } from './pages.ts';

/** One pending request as the page names it: "join team@lists.example.org". */
function describe(life: LifecycleContext, confirmation: Confirmation): string {
  const list = life.store.lists.get(confirmation.listId);
  const address = list ? `${list.name}@${list.host}` : 'a list';
  return confirmation.action === 'subscribe' ? `join ${address}` : `leave ${address}`;
}

const invalid = page(
  'Link not valid',
  '<h1>This link is not valid</h1><p>It may be incomplete, out of date or already used. Use the link in the latest confirmation message, or ask again.</p>',
);

/**
 * The personal confirmation link of a confirmation message. A GET only shows what
 * will be confirmed and a button, so link scanners confirm nothing; the POST
 * confirms the request and every other list the address waits to join. Invalid,
 * expired and used links get the same page.
 */
export function registerConfirm(app: FastifyInstance, life: LifecycleContext): void {
  const requestsOf = (token: string) => {
    const id = life.links.confirmationOf(token);
    if (id === null) return null;
    const found = requestsConfirmedBy(life, id);
    return Array.isArray(found) ? { id, requests: found } : null;
  };

  app.get<{ Params: { token: string } }>('/c/:token', async (request, reply) => {
    reply.headers(pageSecurityHeaders).type('text/html; charset=utf-8');
    const found = requestsOf(request.params.token);
    if (!found) return reply.code(404).send(invalid);
    const email = life.store.members.get(found.requests[0]!.memberId)?.email ?? '';
    const items = found.requests.map((c) => `<li>${escapeHtml(describe(life, c))}</li>`).join('');
    return page(
      'Confirm',
      `<h1>Confirm for ${escapeHtml(email)}</h1><p>Pressing the button confirms that this address should:</p><ul>${items}</ul>
<form method="post"><button type="submit" name="confirm" value="1">Confirm</button></form>`,
    );
  });

  app.post<{ Params: { token: string } }>('/c/:token', async (request, reply) => {
    reply.headers(pageSecurityHeaders).type('text/html; charset=utf-8');
    const found = requestsOf(request.params.token);
    if (!found) return reply.code(404).send(invalid);
    const outcome = life.store.db.transaction(() => confirmRequests(life, found.id, { limited: false, by: 'link' }))();
    if (outcome.outcome !== 'confirmed') return reply.code(404).send(invalid);
    const items = outcome.requests
      .map((r) => `<li>${escapeHtml(r.member.email)} ${r.outcome === 'subscribed' ? 'is now a member of' : 'has left'} ${escapeHtml(`${r.list.name}@${r.list.host}`)}</li>`)
      .join('');
    return page('Confirmed', `<h1>Confirmed</h1><ul>${items}</ul>`);
  });
}
