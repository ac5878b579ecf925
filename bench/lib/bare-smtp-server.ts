// smtp-server with no storage, as a child process: the same package and options as
// Lyre's intake, but onData only reads the message and replies 250. It shows what
// smtp-server itself costs per message, apart from Lyre's routing and commit.
// argv[2] is the greeting delay in milliseconds; the port is sent over IPC.
import { SMTPServer } from 'smtp-server';

import { setGreetingDelay } from '../../engine/intake/greeting-delay.ts';

const server = new SMTPServer({
  banner: 'bare smtp-server',
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  hideSTARTTLS: true,
  disableReverseLookup: true,
  logger: false,
  size: 25 * 1024 * 1024,
  maxClients: 500,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => callback());
  },
});
setGreetingDelay(server, Number(process.argv[2] ?? 0));
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
