import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

import { addressKey } from '../../engine/mail/address.ts';
import type { Store } from '../../engine/store/index.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { SmtpSink, type SunkMessage } from '../helpers/smtp-sink.ts';
import { waitFor } from '../helpers/wait.ts';

/** A message the sink received, parsed. */
export interface ReceivedMail {
  sunk: SunkMessage;
  parsed: ParsedMail;
  text: string;
  subject: string;
  header(name: string): string | undefined;
}

/**
 * A real engine in smarthost mode whose outgoing mail lands in a real SMTP sink on
 * loopback, with helpers to send messages to it and wait for what it sends back.
 */
export class CommandHarness {
  readonly #taken = new Set<SunkMessage>();

  private constructor(
    readonly t: TestEngine,
    readonly sink: SmtpSink,
  ) {}

  static async start(settings: Record<string, unknown> = {}): Promise<CommandHarness> {
    const sink = new SmtpSink();
    const port = await sink.listen();
    const t = await startTestEngine({
      settings: {
        'delivery.mode': 'smarthost',
        'delivery.smarthost': `127.0.0.1:${port}`,
        'delivery.smarthostTls': 'none',
        'smtp.hostname': 'lists.example.org',
        ...settings,
      },
    });
    return new CommandHarness(t, sink);
  }

  get store(): Store {
    return this.t.engine.store;
  }

  /** Send a message to the engine over SMTP with nodemailer. */
  async send(message: Mail.Options): Promise<void> {
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: this.t.smtpPort, secure: false, ignoreTLS: true });
    try {
      await client.sendMail(message);
    } finally {
      client.close();
    }
  }

  /** Wait for the next message to `rcpt` that has not been returned before and matches `accept`. */
  async next(rcpt: string, accept: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 15_000): Promise<ReceivedMail> {
    const key = addressKey(rcpt.replace(/^.*<(.*)>$/, '$1'));
    return waitFor(
      `a message to ${rcpt}`,
      async () => {
        for (const sunk of this.sink.messages) {
          if (this.#taken.has(sunk) || !sunk.rcptTo.some((r) => addressKey(r) === key)) continue;
          const mail = await parse(sunk);
          if (!accept(mail)) continue;
          this.#taken.add(sunk);
          return mail;
        }
        return null;
      },
      timeoutMs,
    );
  }

  /** Messages to `rcpt` so far that no `next` call has returned. */
  async unread(rcpt: string): Promise<ReceivedMail[]> {
    const key = addressKey(rcpt);
    const found = this.sink.messages.filter((s) => !this.#taken.has(s) && s.rcptTo.some((r) => addressKey(r) === key));
    return Promise.all(found.map(parse));
  }

  /** Wait until every message sent so far has been handled and its notices delivered. */
  async settle(): Promise<void> {
    await waitFor('the engine to finish its work', () => {
      const db = this.store.db;
      const busy =
        (db.prepare("SELECT count(*) AS n FROM incoming_messages WHERE state = 'accepted'").get() as { n: number }).n +
        (db.prepare("SELECT count(*) AS n FROM mailbox_tasks WHERE state = 'pending'").get() as { n: number }).n +
        (db.prepare("SELECT count(*) AS n FROM notice_outbox WHERE state = 'pending'").get() as { n: number }).n +
        (db.prepare("SELECT count(*) AS n FROM deliveries WHERE status IN ('queued', 'deferred')").get() as { n: number }).n;
      return busy === 0;
    });
  }

  async close(): Promise<void> {
    await this.t.close();
    await this.sink.close();
  }
}

async function parse(sunk: SunkMessage): Promise<ReceivedMail> {
  const parsed = await simpleParser(sunk.raw);
  return {
    sunk,
    parsed,
    text: parsed.text ?? '',
    subject: parsed.subject ?? '',
    header: (name) => {
      const value = parsed.headers.get(name.toLowerCase());
      if (value === undefined) return undefined;
      if (typeof value === 'object' && value !== null && 'value' in value && Array.isArray(value.value)) {
        return (value.value as { address?: string }[]).map((entry) => entry.address ?? '').join(', ');
      }
      return String(value);
    },
  };
}

/** The confirmation link in a confirm document. */
export function confirmLink(text: string): string {
  const match = /(https?:\/\/\S+\/c\/[0-9a-z-]+)/.exec(text);
  if (!match) throw new Error(`no confirmation link in:\n${text}`);
  return match[1]!;
}
