import type { Server } from 'node:net';

import type { ListenerStatus } from '../engine-types.ts';
import { diagnoseBindFailure } from '../relay/bind-advice.ts';

/** Listen on a port, resolving with the bound port or rejecting with the bind error. */
export function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.removeListener('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.removeListener('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    if (host) server.listen(port, host);
    else server.listen(port);
  });
}

/**
 * Listen on the requested port, or on the fallback port when the requested one cannot
 * be bound. Returns the listener's status either way; throws only when both fail.
 */
export async function listenWithFallback(
  makeServer: () => Server,
  requestedPort: number,
  fallbackPort: number,
  host: string,
): Promise<{ server: Server; status: ListenerStatus }> {
  const first = makeServer();
  try {
    const port = await listenOn(first, requestedPort, host);
    return { server: first, status: { listening: true, requestedPort, port, fallback: false, bindError: null, fix: null } };
  } catch (error) {
    const diagnosis = await diagnoseBindFailure(error as NodeJS.ErrnoException, requestedPort, fallbackPort, { host });
    const advice = { reason: diagnosis.reason, fix: [diagnosis.fix, ...diagnosis.commands].join('\n') };
    if (fallbackPort === requestedPort) throw Object.assign(error as Error, advice);
    const second = makeServer();
    const port = await listenOn(second, fallbackPort, host);
    return {
      server: second,
      status: { listening: true, requestedPort, port, fallback: true, bindError: advice.reason, fix: advice.fix },
    };
  }
}
