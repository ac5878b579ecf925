import type { ExecuteResult } from './execute.ts';

/** The text of the one reply a command message gets: each line as written, then what it did. */
export function replyText(address: string, executed: ExecuteResult): string {
  const parts = [`Results of your message to ${address}:`, ''];
  if (executed.results.length === 0) {
    parts.push('No commands were found in your message. Send "help" for the list of commands.', '');
  }
  for (const result of executed.results) {
    parts.push(`> ${result.echo}`, ...result.lines, '');
  }
  if (executed.stopped) parts.push(executed.stopped, '');
  return parts.join('\n');
}
