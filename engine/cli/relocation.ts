import { Command, CommanderError } from 'commander';

import { LyreError } from '../errors.ts';
import { detectMta, type DetectOptions, type DetectResult } from '../relay/detect.ts';
import { formatGuide, renderGuide } from '../relay/guide.ts';
import { formatHostPort, parseHostPort } from '../relay/target.ts';
import { verifyRelocation } from '../relay/verify.ts';

interface RelocationOptions {
  json?: boolean;
  timeout?: string;
  to?: string;
}

/** The stream the commands print to; tests pass their own. */
type Output = Pick<NodeJS.WritableStream, 'write'>;

/** Print `value` as JSON with --json (here or on `lyre` itself), else the text. */
function print(out: Output, command: Command, value: unknown, text: () => string): void {
  const { json } = command.optsWithGlobals() as RelocationOptions;
  out.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text().trimEnd()}\n`);
}

function timeouts(options: RelocationOptions): DetectOptions {
  if (options.timeout === undefined) return {};
  const ms = Number(options.timeout);
  if (!Number.isInteger(ms) || ms < 1) {
    throw new LyreError('invalid', `Invalid --timeout ${JSON.stringify(options.timeout)}: expected milliseconds, such as 5000.`);
  }
  return { connectTimeoutMs: ms, greetingTimeoutMs: ms, replyTimeoutMs: ms };
}

function describeDetect(result: DetectResult): string {
  const lines = [result.summary];
  if (result.greeting) lines.push(`Greeting: ${result.greeting.code} ${result.greeting.lines.join(' / ')}`);
  if (result.extensions.length > 0) lines.push(`Extensions: ${result.extensions.join(' ')}`);
  const id = result.software?.id;
  if (result.outcome === 'smtp' && id !== 'lyre') lines.push(`To move it off this port: lyre relocation guide ${id}`);
  return lines.join('\n');
}

/** Register `lyre relocation detect|guide|verify`. */
export function registerRelocationCommands(program: Command, out: Output = process.stdout): void {
  const relocation = program
    .command('relocation')
    .description("coexist with this machine's own mail server: find it, move it off port 25, check it");

  relocation
    .command('detect')
    .description('name the mail server that listens on an address of this machine')
    .argument('[host:port]', 'address to probe, on this machine', '127.0.0.1:25')
    .option('--timeout <ms>', 'milliseconds to wait for the connection and each reply')
    .option('--json', 'print the result as JSON')
    .exitOverride()
    .action(async (address: string, options: RelocationOptions, command: Command) => {
      const result = await detectMta(parseHostPort(address, 25), timeouts(options));
      print(out, command, result, () => describeDetect(result));
    });

  relocation
    .command('guide')
    .description('show the steps to move a mail server off port 25, and to undo them')
    .argument('[mta]', 'postfix, sendmail, exim, opensmtpd, exchange, iis, hmailserver, qmail, haraka; detected on 127.0.0.1:25 when left out')
    .option('--to <host:port>', 'address to move it to (default 127.0.0.1 and the guide\'s port, usually 2525)')
    .option('--json', 'print the guide as JSON')
    .exitOverride()
    .action(async (mta: string | undefined, options: RelocationOptions, command: Command) => {
      const target = options.to ? parseHostPort(options.to) : undefined;
      let detected: DetectResult | null = null;
      let id = mta;
      if (!id) {
        detected = await detectMta({ host: '127.0.0.1', port: 25 });
        if (detected.outcome === 'nothing-listening') {
          print(out, command, { detected, guide: null }, () => 'Nothing listens on 127.0.0.1:25, so no mail server needs to move: Lyre can take port 25.');
          return;
        }
        id = detected.software?.id ?? 'unknown';
      }
      const guide = renderGuide(id, target);
      print(out, command, { detected, guide }, () => (detected ? `${detected.summary}\n\n` : '') + formatGuide(guide));
    });

  relocation
    .command('verify')
    .description('check that the relocated mail server answers at its new address')
    .argument('<host:port>', 'the address it was moved to, such as 127.0.0.1:2525')
    .option('--timeout <ms>', 'milliseconds to wait for the connection and each reply')
    .option('--json', 'print the result as JSON')
    .exitOverride()
    .action(async (address: string, options: RelocationOptions, command: Command) => {
      const target = parseHostPort(address);
      const result = await verifyRelocation(target, timeouts(options));
      print(out, command, result, () => result.message);
      if (!result.ok) {
        throw new CommanderError(1, 'lyre.relocation.verify', `${formatHostPort(target)}: ${result.outcome}`);
      }
    });
}
