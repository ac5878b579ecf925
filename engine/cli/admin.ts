import { createInterface } from 'node:readline';

import type { Command } from 'commander';

import { setAdminPassword } from '../web/admin-password.ts';
import { output, usageError, withStore } from './context.ts';

/** Read one line from standard input; on a terminal, without echoing it. */
async function readSecret(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines = createInterface({ input });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    return '';
  }
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.pause();
          input.removeListener('data', onData);
          process.stderr.write('\n');
          resolve(text);
          return;
        }
        if (char === '\u0003') process.exit(130);
        if (char === '\u007f') text = text.slice(0, -1);
        else text += char;
      }
    };
    input.on('data', onData);
  });
}

export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('manage the administrator login of the web admin');

  admin
    .command('password')
    .description('set the administrator password (asked twice on a terminal, else read from standard input)')
    .action(async (_options, command: Command) => {
      const password = await readSecret('New administrator password: ');
      if (process.stdin.isTTY) {
        const again = await readSecret('Repeat it: ');
        if (again !== password) usageError('The two passwords differ; nothing was changed. Run the command again.');
      }
      if (password.length < 8) usageError('The password is shorter than 8 characters; choose a longer one.');
      await withStore(command, async (store) => {
        await setAdminPassword(store, password);
        output(command, { changed: true }, () => 'Administrator password set; open admin sessions were signed out.');
      });
    });
}
