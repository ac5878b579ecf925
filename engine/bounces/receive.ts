import type { Logger } from 'pino';

import type { Store } from '../store/index.ts';
import type { IncomingMessage, Route } from '../store/incoming.ts';
import type { Member } from '../store/members.ts';
import { classifyBounce, type BounceReport } from './classify/index.ts';
import { applyBounceEvent, eventFromReport, type BounceAttribution } from './policy/index.ts';
import type { TokenSigner } from './token.ts';

/**
 * Attribute a report to a member, in order of trust: the signed token of the
 * bounce-...@ address; the signed X-Lyre-Member-ID of the returned copy; for a report
 * that came without a token, its failed recipients matched against members; else
 * nobody. A forged token is logged and never charged to the member it names.
 */
function attribute(
  store: Store,
  signer: TokenSigner,
  route: Extract<Route, { kind: 'bounce' }>,
  report: BounceReport,
): { member: Member | undefined; postId: number | null; by: BounceAttribution['attributedBy'] } {
  if (route.verified) {
    const member = route.memberId ? store.members.get(route.memberId) : undefined;
    return { member, postId: store.posts.get(route.postId)?.id ?? null, by: 'token' };
  }

  const header = report.memberId ? /^(\d+)\.([a-z2-7]+)$/.exec(report.memberId) : null;
  if (header) {
    const id = Number(header[1]);
    const expected = signer.sign('member', [id]).split('-')[1];
    const member = expected === header[2] ? store.members.get(id) : undefined;
    if (member) return { member, postId: null, by: 'member-header' };
  }

  // Anyone can write a report that names a victim as its failed recipient, so after a
  // forged token only the signed member header is trusted.
  if (route.token !== undefined) return { member: undefined, postId: null, by: 'none' };
  for (const recipient of report.recipients) {
    const [member] = store.members.byEmailEverywhere(recipient.address);
    if (member) return { member, postId: null, by: 'dsn-recipient' };
  }
  return { member: undefined, postId: null, by: 'none' };
}

/**
 * Classify a report that arrived at a bounce address, attribute it, and apply the
 * member's list policy: count it, hold the member after too many, unsubscribe on an
 * abuse report. Runs inside the processor's transaction.
 */
export function receiveBounce(
  store: Store,
  signer: TokenSigner,
  log: Logger,
  message: IncomingMessage,
  route: Extract<Route, { kind: 'bounce' }>,
): { held: boolean; memberId: number | null; detail: string | null } {
  const report = classifyBounce(message.raw);
  if (!route.verified) {
    log.warn({ incoming: message.id, rcpt: route.address }, 'FORGED bounce token; attributing by the report instead');
  }
  const { member, postId, by } = attribute(store, signer, route, report);
  const outcome = applyBounceEvent(
    store,
    eventFromReport(report, {
      attributedBy: by,
      memberId: member?.id ?? null,
      memberEmail: member?.email ?? null,
      listId: member?.listId ?? null,
      postId,
      incomingId: message.id,
    }),
  );
  log.info(
    {
      incoming: message.id,
      member: member?.id ?? null,
      by,
      type: report.type,
      kind: report.kind,
      reason: report.reason,
      status: report.status,
      verdict: outcome.verdict,
      count: outcome.bounceCount,
      held: outcome.held,
    },
    'BOUNCE received',
  );
  const line = report.recipients.find((r) => r.address === member?.email.toLowerCase()) ?? report.recipients[0];
  return { held: outcome.held, memberId: member?.id ?? null, detail: line?.diagnostic ?? report.status };
}
