import type { CommandContext } from './context.ts';
import { maskLine } from './mask.ts';
import type { ScanResult } from './scan.ts';
import { findCommand } from './table.ts';

/** Lines that are not commands after which the rest of a message is ignored, so a letter sent by mistake gets a short reply. */
export const maxUnknownLines = 10;

/** The result of one command line, for the reply. */
export interface LineResult {
  /** The line as written, password masked. */
  echo: string;
  lines: string[];
}

export interface ExecuteResult {
  results: LineResult[];
  /** The reason processing stopped before the last line, in words; null when every line was read. */
  stopped: string | null;
}

/** Run each scanned line as a command, in order, inside the caller's transaction. */
export function executeCommands(ctx: CommandContext, scan: ScanResult): ExecuteResult {
  const results: LineResult[] = [];
  let unknown = 0;
  for (const line of scan.lines) {
    const words = line.text.split(/\s+/);
    const command = findCommand(words[0]!);
    const echo = `${line.number === 0 ? 'Subject: ' : ''}${maskLine(line.text)}${line.block ? ` << (${line.block.length} lines) >>` : ''}`;
    if (!command) {
      unknown++;
      if (unknown > maxUnknownLines) {
        return { results, stopped: `Stopped reading: more than ${maxUnknownLines} lines were not commands, so the rest was ignored.` };
      }
      results.push({ echo, lines: ['Not a command; ignored. Send "help" for the list of commands.'] });
      continue;
    }
    ctx.life.log.info({ incoming: ctx.mail.incoming.id, command: command.name, sender: ctx.sender.address }, 'COMMAND');
    results.push({ echo, lines: command.run(ctx, { line, args: words.slice(1) }) });
  }
  const stopped = scan.ended === 'end' ? 'Stopped reading at "end".' : null;
  return { results, stopped };
}
