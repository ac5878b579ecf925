import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';

import type { ForwardSession } from '../relay/forward-session.ts';
import type { RelayForwarder } from '../relay/forward.ts';
import { buildReceivedLine } from '../relay/received.ts';
import { clientFacts } from '../relay/xforward.ts';
import type { RcptDecision } from './router.ts';

/** An SMTP reply as the intake's hooks give it to smtp-server. */
export interface IntakeReply {
  code: number;
  message: string;
}

/**
 * The intake's side of forwarding: one ForwardSession per inbound SMTP session, driven
 * from smtp-server's onMailFrom, onRcptTo, onData and onClose. Recipients the router
 * does not own go to the relocated MTA; list recipients in the same transaction stay
 * with the router. In onData the forwarded copy is handed over first, so a failure
 * there becomes the reply to DATA and nothing is committed for the list either; the
 * sender retries the whole message.
 */
export class RelayRoute {
  readonly #forwarder: RelayForwarder;
  readonly #hostname: () => string;
  readonly #sessions = new Map<string, ForwardSession>();

  constructor(forwarder: RelayForwarder, hostname: () => string = () => forwarder.hostname()) {
    this.#forwarder = forwarder;
    this.#hostname = hostname;
  }

  /** Whether a router decision is "not an address Lyre owns", which forwarding may take over. */
  static isUnowned(decision: RcptDecision): boolean {
    return !decision.accepted && decision.unowned === true;
  }

  /** onMailFrom: start a new transaction for the session. */
  mailFrom(session: SMTPServerSession, address: SMTPServerAddress): void {
    this.#session(session).mailFrom(address.address, address.args);
  }

  /** onRcptTo, for an address the router does not own: the relocated MTA's reply, or Lyre's relay rejection. */
  rcptTo(session: SMTPServerSession, address: SMTPServerAddress): Promise<{ accepted: boolean } & IntakeReply> {
    return this.#session(session).rcptTo(address.address, address.args);
  }

  /** True when the current transaction has recipients accepted for forwarding. */
  forwarding(session: SMTPServerSession): boolean {
    return (this.#sessions.get(session.id)?.recipients.length ?? 0) > 0;
  }

  /**
   * onData, before the list routes are committed. Returns the reply to send now, or
   * null to go on and commit the list routes: a failure of the forward, or its success
   * when `listRoutes` is 0 and nothing else needs committing.
   */
  async data(session: SMTPServerSession, raw: Buffer, listRoutes: number): Promise<IntakeReply | null> {
    const forward = this.#sessions.get(session.id);
    if (!forward || forward.recipients.length === 0) return null;

    const receivedLine = buildReceivedLine({
      client: clientFacts(session),
      hostname: this.#hostname(),
      id: session.id,
      protocol: session.transmissionType,
      recipients: [...forward.recipients],
    });
    const result = await forward.data(raw, receivedLine);
    if (!result.ok) return { code: result.code, message: result.message };
    // NOTE: when committing the list routes fails after this, the sender's retry forwards
    // the message a second time. A duplicate is the price of keeping nothing in a queue.
    return listRoutes === 0 ? { code: 250, message: result.message } : null;
  }

  /** onClose: end the forwarding connection. */
  async close(session: SMTPServerSession): Promise<void> {
    const forward = this.#sessions.get(session.id);
    this.#sessions.delete(session.id);
    await forward?.close();
  }

  #session(session: SMTPServerSession): ForwardSession {
    let forward = this.#sessions.get(session.id);
    if (!forward) {
      forward = this.#forwarder.openSession(session);
      this.#sessions.set(session.id, forward);
    }
    return forward;
  }
}
