import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';

import { LyreError } from '../errors.ts';
import { registerConfigCommands } from './config.ts';
import { registerDeliveryCommands } from './deliveries.ts';
import { registerListCommands } from './list.ts';
import { registerListDocCommands } from './list-doc.ts';
import { registerAdminCommands } from './admin.ts';
import { registerBounceCommands } from './bounce.ts';
import { registerMemberCommands } from './member.ts';
import { registerRelocationCommands } from './relocation.ts';
import { registerServe } from './serve.ts';
import { registerStatus } from './status.ts';

/** Every group of commands, in the order `lyre --help` lists them. */
const commandGroups: ((program: Command) => void)[] = [
  registerServe,
  registerStatus,
  registerListCommands,
  registerListDocCommands,
  registerMemberCommands,
  registerDeliveryCommands,
  registerConfigCommands,
  registerRelocationCommands,
  registerBounceCommands,
  registerAdminCommands,
];

export function buildProgram(): Command {
  const program = new Command('lyre')
    .description('Lyre, a mailing-list server that owns the whole mail path')
    .option('--data <dir>', 'data folder (default: $LYRE_DATA or the per-user data folder)')
    .option('--json', 'print results as JSON')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commandGroups) register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Run the command line; an error prints its message (no stack) and exits non-zero. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof LyreError) {
      process.stderr.write(`lyre: ${error.message}\n`);
      return error.kind === 'not_found' ? 3 : 2;
    }
    if (error instanceof ZodError) {
      process.stderr.write(`lyre: invalid input: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`lyre: ${message}\n`);
    return 1;
  }
}
