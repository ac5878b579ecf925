import { detectMta, type DetectOptions, type DetectResult } from './detect.ts';
import { describeMta, type MtaIdentity } from './identify.ts';
import { formatHostPort, type HostPort } from './target.ts';

/** What verifying a relocated MTA found; only `answered` means forwarding can work. */
export type VerifyOutcome =
  | 'answered'
  | 'is-lyre'
  | 'refusing'
  | 'nothing-listening'
  | 'not-smtp'
  | 'timeout'
  | 'unreachable';

export interface VerifyResult {
  ok: boolean;
  outcome: VerifyOutcome;
  host: string;
  port: number;
  software: MtaIdentity | null;
  /** The result in one sentence, for the GUI and the command line. */
  message: string;
  detect: DetectResult;
}

/** Connect to the address an MTA was moved to and report, in words, whether it answers there as a usable SMTP server. */
export async function verifyRelocation(target: HostPort, options: DetectOptions = {}): Promise<VerifyResult> {
  const detect = await detectMta(target, options);
  const outcome = verifyOutcome(detect);
  return {
    ok: outcome === 'answered',
    outcome,
    host: target.host,
    port: target.port,
    software: detect.software,
    message: verifyMessage(outcome, detect),
    detect,
  };
}

function verifyOutcome(detect: DetectResult): VerifyOutcome {
  if (detect.outcome !== 'smtp') return detect.outcome;
  if (detect.software?.id === 'lyre') return 'is-lyre';
  if (detect.greeting?.code !== 220) return 'refusing';
  return 'answered';
}

function verifyMessage(outcome: VerifyOutcome, detect: DetectResult): string {
  const where = formatHostPort(detect);
  const software = detect.software ? describeMta(detect.software) : 'an SMTP server';
  switch (outcome) {
    case 'answered':
      return `Answered as ${software} on ${where}.`;
    case 'is-lyre':
      return `${where} is Lyre itself: forwarding there would loop, so enter the address the other mail server was moved to.`;
    case 'refusing':
      return `${where} is ${software}, but it turns clients away with "${detect.greeting!.code} ${detect.greeting!.lines.join(' ')}".`;
    case 'nothing-listening':
      return `Nothing is listening on ${where}: the relocated server is not running, or it listens on another address or port.`;
    case 'not-smtp':
      return `${where} answers, but not as an SMTP server${detect.received ? ` (it sent "${detect.received}")` : ''}.`;
    case 'timeout':
    case 'unreachable':
      return detect.summary;
  }
}
