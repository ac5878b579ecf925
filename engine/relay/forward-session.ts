import { mailFromParams, rcptToParams, type EnvelopeParams } from './envelope-params.ts';
import type { RelayForwarder } from './forward.ts';
import { checkRelayRecipient, parseRelayDomains } from './policy.ts';
import { formatReply, type SmtpReply } from './smtp-client.ts';
import { upstreamFailure, UpstreamFailure, type Upstream } from './upstream.ts';
import { clientFacts, xforwardCommands, type InboundSession } from './xforward.ts';

/** The reply for one RCPT TO; `message` is the text after the code, as smtp-server's callback takes it. */
export interface RcptResult {
  accepted: boolean;
  code: number;
  message: string;
}

/** The reply for the forwarded copy at the end of DATA. */
export interface ForwardDataResult {
  ok: boolean;
  code: number;
  message: string;
  /** Recipients the relocated MTA took the message for. */
  forwarded: string[];
}

interface Transaction {
  from: string;
  params: EnvelopeParams;
  /** MAIL FROM has been sent upstream for this transaction. */
  started: boolean;
  /** The rejection of MAIL FROM (or of its parameters), repeated for every recipient. */
  rejected: RcptResult | null;
  accepted: string[];
  /** The reason the upstream transaction can no longer complete, so data() fails with 4xx. */
  broken: string | null;
}

/**
 * Forwarding for one inbound SMTP session. The inbound MAIL FROM is only recorded.
 * At the first forwarded RCPT TO, a connection to the relocated MTA is opened and
 * MAIL FROM is sent. Each RCPT TO is checked there while the sender waits, and the
 * relocated MTA's reply becomes Lyre's. data() hands the message over before Lyre
 * replies to the sender's DATA. Calls are serialised, so callers may overlap them.
 */
export class ForwardSession {
  readonly #forwarder: RelayForwarder;
  readonly #session: InboundSession;
  #upstream: Upstream | null = null;
  #transaction: Transaction | null = null;
  /** An upstream transaction is open and needs RSET before the next MAIL FROM. */
  #dirty = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(forwarder: RelayForwarder, session: InboundSession) {
    this.#forwarder = forwarder;
    this.#session = session;
  }

  /** Recipients accepted for forwarding in the current transaction. */
  get recipients(): readonly string[] {
    return this.#transaction?.accepted ?? [];
  }

  /** Start a new transaction (the inbound MAIL FROM); nothing is sent upstream yet. */
  mailFrom(address: string, params: EnvelopeParams | false = {}): void {
    if (this.#transaction?.started) this.#dirty = true;
    this.#transaction = { from: address, params: params || {}, started: false, rejected: null, accepted: [], broken: null };
  }

  /** Check one recipient that Lyre does not own: policy first, then the relocated MTA's own reply. */
  rcptTo(address: string, params: EnvelopeParams | false = {}): Promise<RcptResult> {
    return this.#serialise(() => this.#rcptTo(address, params || {}));
  }

  /**
   * Hand the message to the relocated MTA with `receivedLine` in front of it, for the
   * recipients it accepted. A 4xx or 5xx here must become Lyre's reply to DATA.
   */
  data(raw: Buffer, receivedLine: string): Promise<ForwardDataResult> {
    return this.#serialise(() => this.#data(raw, receivedLine));
  }

  /** End the session: QUIT to the relocated MTA. */
  close(): Promise<void> {
    return this.#serialise(async () => {
      const upstream = this.#upstream;
      this.#upstream = null;
      this.#transaction = null;
      if (upstream) await upstream.client.quit(2000);
    });
  }

  async #rcptTo(address: string, params: EnvelopeParams): Promise<RcptResult> {
    const log = this.#forwarder.log;
    const transaction = this.#transaction;
    if (!transaction) return { accepted: false, code: 503, message: '5.5.1 MAIL FROM first' };

    const settings = this.#forwarder.settings();
    if (this.#forwarder.target() === null) {
      return { accepted: false, code: 550, message: `5.1.1 <${address}>: no such list or address here` };
    }
    const decision = checkRelayRecipient(address, parseRelayDomains(settings['relay.domains']));
    if (!decision.allowed) {
      log.info({ session: this.#session.id, rcpt: address, rule: decision.rule }, 'REJECTED relaying');
      return { accepted: false, code: decision.code, message: decision.message };
    }
    if (transaction.broken) return { accepted: false, code: 451, message: '4.4.2 the connection to the forwarding server was lost, try again later' };

    try {
      const upstream = await this.#startTransaction(transaction);
      if (transaction.rejected) return transaction.rejected;

      const extra = rcptToParams(params, upstream.extensions);
      if (!extra.ok) return { accepted: false, code: extra.code, message: extra.message };
      const reply = await upstream.client.command(`RCPT TO:<${address}>${extra.text}`, this.#forwarder.options.commandTimeoutMs);
      const result = toResult(reply);
      if (result.accepted) transaction.accepted.push(address);
      log.info(
        { session: this.#session.id, rcpt: address, code: reply.code, relay: this.#forwarder.settings()['relay.host'] },
        result.accepted ? 'ACCEPTED for forwarding' : 'REJECTED by relocated MTA',
      );
      return result;
    } catch (error) {
      return this.#fail(transaction, error, 'RCPT TO');
    }
  }

  /** Make sure MAIL FROM for this transaction has been sent on a live connection. */
  async #startTransaction(transaction: Transaction): Promise<Upstream> {
    const timeout = this.#forwarder.options.commandTimeoutMs;
    if (this.#upstream?.client.closed) this.#upstream = null;
    if (!this.#upstream) {
      this.#upstream = await this.#forwarder.connect();
      this.#dirty = false;
      if (!this.#upstream) {
        throw new UpstreamFailure(451, '4.3.5 forwarding was turned off, try again later', 'relay.host became empty');
      }
    }
    const upstream = this.#upstream;
    if (transaction.started) return upstream;

    if (this.#dirty) {
      await upstream.client.command('RSET', timeout);
      this.#dirty = false;
    }
    transaction.started = true;
    for (const command of xforwardCommands(clientFacts(this.#session), upstream.xforward)) {
      const reply = await upstream.client.command(command, timeout);
      if (reply.code !== 250) this.#forwarder.log.warn({ session: this.#session.id, reply: formatReply(reply) }, 'REJECTED XFORWARD');
    }

    const extra = mailFromParams(transaction.params, upstream.extensions);
    if (!extra.ok) {
      transaction.rejected = { accepted: false, code: extra.code, message: extra.message };
      return upstream;
    }
    const reply = await upstream.client.command(`MAIL FROM:<${transaction.from}>${extra.text}`, timeout);
    if (reply.code >= 300) transaction.rejected = toResult(reply);
    return upstream;
  }

  async #data(raw: Buffer, receivedLine: string): Promise<ForwardDataResult> {
    const transaction = this.#transaction;
    if (!transaction || transaction.accepted.length === 0) {
      return { ok: true, code: 250, message: '2.0.0 nothing to forward', forwarded: [] };
    }
    const forwarded = transaction.accepted;
    const upstream = this.#upstream;
    if (transaction.broken || !upstream || upstream.client.closed) {
      return { ok: false, code: 451, message: '4.4.2 the connection to the forwarding server was lost, try again later', forwarded: [] };
    }
    const { commandTimeoutMs, dataTimeoutMs } = this.#forwarder.options;
    const log = this.#forwarder.log;

    try {
      const go = await upstream.client.command('DATA', commandTimeoutMs);
      if (go.code !== 354) {
        this.#dirty = true;
        return { ...toFailure(go), forwarded: [] };
      }
      const header = Buffer.from(receivedLine.endsWith('\r\n') ? receivedLine : `${receivedLine.replace(/\r?\n?$/, '')}\r\n`);
      // NOTE: when the reply to the final dot times out, the relocated MTA may still have
      // queued the message. The sender's retry then delivers it twice, which is better than losing it.
      const reply = await upstream.client.sendMessage([header, raw], dataTimeoutMs);
      this.#transaction = null;
      this.#dirty = false;
      log.info(
        { session: this.#session.id, rcpts: forwarded.length, size: raw.length, code: reply.code, reply: formatReply(reply) },
        reply.code < 300 ? 'FORWARDED' : 'REJECTED by relocated MTA at DATA',
      );
      if (reply.code >= 300) return { ...toFailure(reply), forwarded: [] };
      const upstreamText = reply.lines.join(' ').replace(/^\d\.\d{1,3}\.\d{1,3} /, '');
      return { ok: true, code: 250, message: `2.0.0 forwarded: ${upstreamText}`, forwarded };
    } catch (error) {
      const failure = this.#fail(transaction, error, 'DATA');
      return { ok: false, code: failure.code, message: failure.message, forwarded: [] };
    }
  }

  /** Record a failed dialogue: the connection is dropped and the transaction cannot complete. */
  #fail(transaction: Transaction, error: unknown, step: string): RcptResult {
    const failure = upstreamFailure(error, this.#forwarder.settings()['relay.host'], step);

    this.#forwarder.recordFailure(failure.detail);
    this.#forwarder.log.warn({ session: this.#session.id, step, err: failure.detail }, 'DEFERRED forwarding');
    if (transaction.accepted.length > 0) transaction.broken = failure.detail;
    else transaction.started = false;
    this.#upstream?.client.destroy();
    this.#upstream = null;
    return { accepted: false, code: failure.code, message: failure.reply };
  }

  #serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function toResult(reply: SmtpReply): RcptResult {
  return { accepted: reply.code >= 200 && reply.code < 300, code: reply.code, message: reply.lines.join(' ').trim() };
}

function toFailure(reply: SmtpReply): { ok: false; code: number; message: string } {
  // A 2xx or 3xx reply where a failure was expected is a protocol error: fail temporarily.
  const code = reply.code >= 400 ? reply.code : 451;
  return { ok: false, code, message: reply.lines.join(' ').trim() };
}
