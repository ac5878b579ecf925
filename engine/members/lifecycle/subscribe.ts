import { LyreError } from '../../errors.ts';
import { queueDocument, requestAddress } from '../../notices/document-notice.ts';
import type { List } from '../../store/lists.ts';
import { MemberStore, type Member, type MemberStatus } from '../../store/members.ts';
import { requestConfirmation } from './confirm-request.ts';
import type { LifecycleContext } from './context.ts';

export type SubscribeOutcome =
  | { outcome: 'subscribed'; member: Member }
  | { outcome: 'confirmation-sent'; member: Member }
  | { outcome: 'approval-requested'; member: Member }
  | { outcome: 'already-member'; member: Member }
  | { outcome: 'awaiting-approval'; member: Member }
  | { outcome: 'held'; member: Member }
  | { outcome: 'closed' }
  | { outcome: 'invalid'; reason: string };

export interface SubscribeRequest {
  email: string;
  name: string;
  /** Counted against the daily reply limit: true when an incoming message asked. */
  limited: boolean;
  inReplyTo?: string | null;
}

/** Insert a member with `status`, or move an existing row (an unsubscribed one) to it. */
function upsertMember(ctx: LifecycleContext, list: List, email: string, name: string, status: MemberStatus): { member: Member; previous: MemberStatus | null } {
  const existing = ctx.store.members.byEmail(list.id, email);
  if (!existing) return { member: ctx.store.members.add(list.id, { email, name, status }), previous: null };
  const member = ctx.store.members.update(existing.id, { status, name: name.trim() || existing.name });
  return { member, previous: existing.status };
}

function checkAddress(email: string): string | null {
  try {
    MemberStore.checkEmail(email);
    return null;
  } catch (error) {
    if (error instanceof LyreError) return error.message;
    throw error;
  }
}

/** The outcome for an address that already has a membership row which is not unsubscribed. */
function existingOutcome(member: Member): SubscribeOutcome | null {
  switch (member.status) {
    case 'normal':
      return { outcome: 'already-member', member };
    case 'pending':
      return { outcome: 'awaiting-approval', member };
    case 'held':
      return { outcome: 'held', member };
    default:
      return null;
  }
}

/**
 * Handle an address's own request to join a list, by the list's join policy: open
 * adds and welcomes, confirm sends a confirmation request (double opt-in), private
 * waits for an administrator, closed refuses.
 */
export function requestSubscription(ctx: LifecycleContext, list: List, request: SubscribeRequest): SubscribeOutcome {
  const invalid = checkAddress(request.email);
  if (invalid) return { outcome: 'invalid', reason: invalid };
  const existing = ctx.store.members.byEmail(list.id, request.email);
  const known = existing ? existingOutcome(existing) : null;
  if (known) return known;

  const policy = list.settings.joinPolicy;
  if (policy === 'closed') return { outcome: 'closed' };

  if (policy === 'open') {
    const { member } = upsertMember(ctx, list, request.email, request.name, 'normal');
    queueDocument(ctx, 'hello', list, member, { limited: request.limited, inReplyTo: request.inReplyTo });
    ctx.log.info({ list: list.name, member: member.id }, 'SUBSCRIBED');
    return { outcome: 'subscribed', member };
  }

  if (policy === 'private') {
    const { member } = upsertMember(ctx, list, request.email, request.name, 'pending');
    queueDocument(ctx, 'private', list, member, { limited: request.limited, inReplyTo: request.inReplyTo });
    notifyOwnersOfRequest(ctx, list, member);
    ctx.log.info({ list: list.name, member: member.id }, 'PENDING approval');
    return { outcome: 'approval-requested', member };
  }

  const { member, previous } = upsertMember(ctx, list, request.email, request.name, 'unconfirmed');
  requestConfirmation(ctx, list, member, {
    action: 'subscribe',
    requestedBy: request.email,
    previousStatus: existing ? previous : null,
    welcome: true,
    limited: request.limited,
    inReplyTo: request.inReplyTo,
  });
  return { outcome: 'confirmation-sent', member };
}

export type AdminAddMode = 'welcome' | 'quiet' | 'confirm';

export type AdminAddOutcome =
  | { outcome: 'added'; member: Member; resubscribed: boolean }
  | { outcome: 'confirmation-sent'; member: Member }
  | { outcome: 'already-member'; member: Member }
  | { outcome: 'invalid'; reason: string };

/**
 * Add a member on an administrator's authority, whatever the join policy: at once
 * (with or without the hello document) or after the address confirms. An
 * unsubscribed member is subscribed again, because an administrator asked.
 */
export function addByAdmin(ctx: LifecycleContext, list: List, input: { email: string; name: string; mode: AdminAddMode; quiet: boolean }): AdminAddOutcome {
  const invalid = checkAddress(input.email);
  if (invalid) return { outcome: 'invalid', reason: invalid };
  const existing = ctx.store.members.byEmail(list.id, input.email);
  if (existing && existing.status !== 'unsubscribed' && existing.status !== 'unconfirmed') {
    return { outcome: 'already-member', member: existing };
  }

  if (input.mode === 'confirm') {
    const { member, previous } = upsertMember(ctx, list, input.email, input.name, 'unconfirmed');
    requestConfirmation(ctx, list, member, {
      action: 'subscribe',
      requestedBy: 'admin',
      previousStatus: existing ? previous : null,
      welcome: !input.quiet,
      limited: false,
    });
    return { outcome: 'confirmation-sent', member };
  }

  const { member } = upsertMember(ctx, list, input.email, input.name, 'normal');
  if (input.mode === 'welcome' && !input.quiet) queueDocument(ctx, 'hello', list, member);
  ctx.log.info({ list: list.name, member: member.id, quiet: input.quiet }, 'ADDED by administrator');
  return { outcome: 'added', member, resubscribed: existing !== undefined };
}

/** Tell the list's administrators that a private-list request waits, and how to decide it. */
export function notifyOwnersOfRequest(ctx: LifecycleContext, list: List, member: Member): void {
  const owners = list.settings.owners;
  if (owners.length === 0) {
    ctx.log.warn({ list: list.name, member: member.id }, 'NO OWNERS to approve a subscription; set the owners list setting');
    return;
  }
  const who = member.name ? `${member.name} <${member.email}>` : member.email;
  for (const owner of owners) {
    ctx.notices.queue({
      listId: list.id,
      memberId: null,
      to: owner,
      from: requestAddress(list),
      fromName: list.name,
      subject: `Approval needed: ${member.email} asks to join ${list.name}`,
      text: [
        `${who} asks to join ${list.name}@${list.host}, a private list.`,
        '',
        `To approve, send these lines to ${requestAddress(list)}:`,
        '',
        '  login PASSWORD',
        `  member approve ${member.id}`,
        '',
        `To reject, send "member reject ${member.id}" after the login line instead.`,
        '',
      ].join('\n'),
      autoSubmitted: 'auto-generated',
      host: list.host,
      limited: false,
    });
  }
}
