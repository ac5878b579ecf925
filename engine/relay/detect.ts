import { LyreError } from '../errors.ts';
import { describeMta, ehloKeywords, identifyMta, type MtaIdentity } from './identify.ts';
import { SmtpClient, SmtpClientError, type SmtpReply } from './smtp-client.ts';
import { formatHostPort, isLoopbackHost, type HostPort } from './target.ts';

/**
 * The kind of result a probe found: an SMTP server (`smtp`), a closed port
 * (`nothing-listening`), a service that is not SMTP (`not-smtp`), a connection that
 * stayed silent or did not complete in time (`timeout`), or a network error (`unreachable`).
 */
export type DetectOutcome = 'smtp' | 'nothing-listening' | 'not-smtp' | 'timeout' | 'unreachable';

export interface DetectResult {
  host: string;
  port: number;
  outcome: DetectOutcome;
  /** The greeting, for `smtp`; its code is 220 unless the server turns clients away. */
  greeting: SmtpReply | null;
  /** The EHLO reply (or the HELO reply when EHLO was rejected), when the greeting was 220. */
  ehlo: SmtpReply | null;
  /** EHLO extension keywords, upper-case. */
  extensions: string[];
  /** The software, for `smtp`. */
  software: MtaIdentity | null;
  /** The socket error code or SmtpClientError code behind a failure. */
  errorCode: string | null;
  /** The first line a non-SMTP service sent. */
  received: string | null;
  /** The error message behind a failure, naming the address and the step. */
  detail: string | null;
  /** One sentence for people: what was found. */
  summary: string;
  elapsedMs: number;
}

export interface DetectOptions {
  /** Milliseconds to wait for the TCP connection. */
  connectTimeoutMs?: number;
  /** Milliseconds to wait for the greeting. RFC 5321 4.5.3.2 allows 5 minutes, but working servers greet at once. */
  greetingTimeoutMs?: number;
  /** Milliseconds to wait for each later reply. */
  replyTimeoutMs?: number;
  /** Name sent in EHLO. */
  heloName?: string;
}

const defaults = { connectTimeoutMs: 5000, greetingTimeoutMs: 10_000, replyTimeoutMs: 10_000, heloName: 'lyre-probe.localhost' };

/** Milliseconds to wait, after a silent greeting, for the reply to the probing EHLO. */
const PROBE_MS = 1500;

/** The outcome for each client error code; any other code is `unreachable`. */
const outcomeByCode: Record<string, DetectOutcome> = {
  ECONNREFUSED: 'nothing-listening',
  ETIMEDOUT: 'timeout',
  EPROTOCOL: 'not-smtp',
};

/**
 * Connect to an SMTP port on this machine, read the greeting and the EHLO reply, say
 * QUIT, and name the software. Only loopback addresses are probed, because the
 * relocated MTA runs on the same machine as Lyre. Network failures do not throw; they
 * are reported in the outcome.
 */
export async function detectMta(target: HostPort, options: DetectOptions = {}): Promise<DetectResult> {
  const settings = { ...defaults, ...options };
  if (!isLoopbackHost(target.host)) {
    throw new LyreError(
      'invalid',
      `Cannot probe ${formatHostPort(target)}: only loopback addresses (127.0.0.1, ::1, localhost) are probed, because the relocated MTA runs on this machine.`,
    );
  }
  const started = Date.now();
  const finish = (partial: Omit<DetectResult, 'host' | 'port' | 'elapsedMs' | 'summary'>): DetectResult => {
    const result = { host: target.host, port: target.port, ...partial, summary: '', elapsedMs: Date.now() - started };
    result.summary = summarize(result);
    return result;
  };
  const failure = { greeting: null, ehlo: null, extensions: [], software: null, received: null, detail: null };

  let client: SmtpClient;
  try {
    client = await SmtpClient.connect(target.host, target.port, settings.connectTimeoutMs);
  } catch (error) {
    if (!(error instanceof SmtpClientError)) throw error;
    const outcome = outcomeByCode[error.code] ?? 'unreachable';
    return finish({ ...failure, outcome, errorCode: error.code, detail: error.message });
  }

  try {
    const { greeting, probed } = await readGreeting(client, settings);
    if (greeting.code !== 220) {
      return finish({ ...failure, outcome: 'smtp', greeting, software: identifyMta(greeting, null), errorCode: null });
    }
    const ehlo = probed
      ? await client.readReply(settings.replyTimeoutMs, { command: 'EHLO' })
      : await sayHello(client, settings.heloName, settings.replyTimeoutMs);
    return finish({
      outcome: 'smtp',
      greeting,
      ehlo,
      extensions: ehloKeywords(ehlo),
      software: identifyMta(greeting, ehlo),
      errorCode: null,
      received: null,
      detail: null,
    });
  } catch (error) {
    if (!(error instanceof SmtpClientError)) throw error;
    const outcome = outcomeByCode[error.code] ?? 'unreachable';
    return finish({ ...failure, outcome, errorCode: error.code, received: error.received ?? null, detail: error.message });
  } finally {
    await client.quit(1000);
  }
}

/**
 * Read the greeting. A server that stays silent is sent an EHLO, because many other
 * services (HTTP, for one) send nothing until the client writes, and then reveal
 * themselves. `probed` is true when that EHLO was sent, so its reply comes next.
 */
async function readGreeting(
  client: SmtpClient,
  settings: typeof defaults,
): Promise<{ greeting: SmtpReply; probed: boolean }> {
  try {
    const greeting = await client.readReply(settings.greetingTimeoutMs, { command: 'greeting', keepOpenOnTimeout: true });
    return { greeting, probed: false };
  } catch (error) {
    if (!(error instanceof SmtpClientError) || error.code !== 'ETIMEDOUT') throw error;
  }
  await client.write(`EHLO ${settings.heloName}\r\n`);
  try {
    return { greeting: await client.readReply(PROBE_MS, { command: 'greeting' }), probed: true };
  } catch (error) {
    if (error instanceof SmtpClientError && error.code === 'ETIMEDOUT') {
      const message = `${client.label} accepted the connection but sent no greeting within ${settings.greetingTimeoutMs} ms`;
      throw new SmtpClientError('ETIMEDOUT', message, 'greeting');
    }
    throw error;
  }
}

/** EHLO, falling back to HELO for servers that reject it; returns whichever reply came last. */
async function sayHello(client: SmtpClient, heloName: string, timeoutMs: number): Promise<SmtpReply> {
  const ehlo = await client.command(`EHLO ${heloName}`, timeoutMs);
  if (ehlo.code === 250 || ehlo.code < 500) return ehlo;
  return client.command(`HELO ${heloName}`, timeoutMs);
}

function summarize(result: Omit<DetectResult, 'summary'>): string {
  const where = formatHostPort(result);
  switch (result.outcome) {
    case 'nothing-listening':
      return `Nothing is listening on ${where}.`;
    case 'not-smtp':
      return `${where} answers, but not as an SMTP server${result.received ? `: it sent "${result.received}"` : ''}.`;
    case 'timeout':
      return `${result.detail ?? `${where} timed out`}: a slow or overloaded server, or a service that is not SMTP.`;
    case 'unreachable':
      return `${where} could not be reached: ${result.detail ?? result.errorCode ?? 'network error'}.`;
    case 'smtp': {
      const software = result.software ? describeMta(result.software) : 'an SMTP server';
      if (result.greeting && result.greeting.code !== 220) {
        return `${where} is ${software}, but it turns clients away: ${result.greeting.code} ${result.greeting.lines.join(' ')}`;
      }
      return `${where} answers as ${software}.`;
    }
  }
}
