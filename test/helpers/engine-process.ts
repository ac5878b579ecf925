// Runs a real engine as its own process for tests that kill it: argv[2] is the data
// folder. Prints one JSON line with the bound ports once it listens.
import { startEngine } from '../../engine/engine.ts';

const engine = await startEngine({
  dataDir: process.argv[2]!,
  noLogFile: true,
  overrides: { 'smtp.port': 0, 'smtp.fallbackPort': 0, 'smtp.host': '127.0.0.1', 'http.port': 0, 'http.host': '127.0.0.1' },
});
const status = engine.status();
process.stdout.write(`${JSON.stringify({ smtpPort: status.smtp.port, httpPort: status.http.port })}\n`);
process.on('SIGTERM', () => {
  void engine.stop(2000).then(() => process.exit(0));
});
