// Entry script of the engine host process. The desktop app starts it with
// Electron's utilityProcess.fork; the tests start it with child_process.fork.
// Either way it waits for a `start` message (engine/host/protocol.ts).

import { serveAdminPort } from '../api/port.ts';
import { startEngine } from '../engine.ts';
import { openParentChannel } from './channel.ts';
import { EngineHost } from './host.ts';

const channel = openParentChannel();
if (!channel) {
  console.error(
    'engine/host/utility-entry.ts runs only as a child process; use `lyre serve` to run the engine directly.',
  );
  process.exit(2);
}

new EngineHost(channel, {
  startEngine,
  serveAdminPort,
  exit: (code) => process.exit(code),
}).listen();
