import type { Command } from 'commander';

import { parseSetting, type Settings } from '../config/schema.ts';
import { startEngine } from '../engine.ts';
import { dataDirOf } from './context.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the list server in the foreground until interrupted')
    .option('--smtp-port <port>', 'SMTP port for this run (default: the smtp.port setting, 25)')
    .option('--http-port <port>', 'HTTP port for this run (default: the http.port setting, 8025)')
    .action(async (options: { smtpPort?: string; httpPort?: string }, command: Command) => {
      const overrides: Partial<Settings> = {};
      if (options.smtpPort !== undefined) overrides['smtp.port'] = parseSetting('smtp.port', options.smtpPort);
      if (options.httpPort !== undefined) overrides['http.port'] = parseSetting('http.port', options.httpPort);
      const engine = await startEngine({ dataDir: dataDirOf(command), overrides, logStdout: true });
      const status = engine.status();
      process.stderr.write(
        `Lyre is running. Data: ${engine.dataDir}\n` +
          `  SMTP: port ${status.smtp.port}${status.smtp.fallback ? ` (fallback: ${status.smtp.bindError}. Fix: ${status.smtp.fix})` : ''}\n` +
          `  HTTP: ${status.http.listening ? `admin app at http://${engine.settings()['http.host']}:${status.http.port}/admin/` : `not listening: ${status.http.bindError}`}\n` +
          'Press Ctrl+C to stop.\n',
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stderr.write('Stopping: finishing the SMTP sessions in flight...\n');
      await engine.stop(10_000);
    });
}
