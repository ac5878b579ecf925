import { readFile } from 'node:fs/promises';

import type { Command } from 'commander';

import { classifyBounce, type BounceReport } from '../bounces/classify/index.ts';
import { LyreError } from '../errors.ts';
import { optionsOf } from './context.ts';

/** The line `bounce classify --json` prints for one file. */
export interface ClassifiedFile {
  file: string;
  isBounce: boolean;
  recipients: string[];
  kind: BounceReport['kind'];
  reason: BounceReport['reason'];
  status: string | null;
  mta: string | null;
  type: BounceReport['type'];
  memberId?: string;
}

export function registerBounceCommands(program: Command): void {
  const bounce = program
    .command('bounce')
    .description('inspect returned mail (bounces, delay notices, autoreplies)');

  bounce
    .command('classify')
    .description('classify saved messages (.eml files) as the bounce processor would, one line per file')
    .argument('<file...>', 'message files in RFC 5322 format')
    .option('--json', 'print one JSON object per file per line')
    .action(async (files: string[], _options, command: Command) => {
      const json = optionsOf(command).json === true;
      const missing: string[] = [];

      for (const file of files) {
        let raw: Buffer;
        try {
          raw = await readFile(file);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          missing.push(file);
          continue;
        }
        const result = describe(file, classifyBounce(raw));
        process.stdout.write(`${json ? JSON.stringify(result) : readable(result)}\n`);
      }

      if (missing.length > 0) {
        throw new LyreError('not_found', `File not found: ${missing.join(', ')}; check the path.`, {
          files: missing,
        });
      }
    });
}

function describe(file: string, report: BounceReport): ClassifiedFile {
  return {
    file,
    isBounce: report.isBounce,
    recipients: report.recipients.map((r) => r.address),
    kind: report.kind,
    reason: report.reason,
    status: report.status,
    mta: report.mta,
    type: report.type,
    ...(report.memberId ? { memberId: report.memberId } : {}),
  };
}

/** "bounce.eml: failure, hard userunknown 5.1.1 (postfix): alice@example.org" */
function readable(result: ClassifiedFile): string {
  const cause = [result.kind, result.reason, result.status].filter((part) => part !== null).join(' ');
  const mta = result.mta ? ` (${result.mta})` : '';
  const none = result.isBounce ? ': no recipient found' : '';
  const recipients = result.recipients.length > 0 ? `: ${result.recipients.join(', ')}` : none;
  return `${result.file}: ${result.type}${cause ? `, ${cause}` : ''}${mta}${recipients}`;
}
