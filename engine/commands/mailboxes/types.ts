import type { LifecycleContext } from '../../members/lifecycle/context.ts';
import type { List } from '../../store/lists.ts';
import type { InboundMail } from '../read-mail.ts';

/** What a mailbox handler gets besides the message. */
export interface MailboxContext {
  life: LifecycleContext;
  /** Host names that are Lyre's, for recognizing its own X-Loop field. */
  ownHosts: Set<string>;
  /** Why the message looks automated, or null when a person sent it. */
  automated: string | null;
  /** The list of a list mailbox (join, leave, owner, request); null for server mailboxes. */
  list: List | null;
}

/**
 * One of Lyre's mailboxes. `prepare` runs before the transaction and may wait (for
 * password checks); `handle` runs inside it and returns what was done, for the task row.
 */
export interface MailboxHandler<P = unknown> {
  /** Whether an automated message (autoreply, bounce, list mail) is still handled; otherwise it is ignored. */
  acceptsAutomated: boolean;
  prepare?(ctx: MailboxContext, mail: InboundMail): Promise<P>;
  handle(ctx: MailboxContext, mail: InboundMail, prepared: P): string;
}
