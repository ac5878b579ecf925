import type { Server } from 'node:net';

import type { ListenerStatus } from '../engine-types.ts';

/** Why a port could not be bound, and what to do about it, for the status screen and the log. */
export function bindAdvice(error: NodeJS.ErrnoException, port: number, fallbackPort: number): { reason: string; fix: string } {
  if (error.code === 'EACCES' || error.code === 'EPERM') {
    return {
      reason: `no permission to listen on port ${port} (ports below 1024 need privileges)`,
      fix:
        process.platform === 'linux'
          ? `Allow Node to bind low ports: sudo setcap cap_net_bind_service=+ep ${process.execPath} ` +
            `— or redirect port ${port} to ${fallbackPort}: sudo iptables -t nat -A PREROUTING -p tcp --dport ${port} -j REDIRECT --to-ports ${fallbackPort}`
          : `Run Lyre with the rights to bind port ${port}, or forward port ${port} to ${fallbackPort}.`,
    };
  }
  if (error.code === 'EADDRINUSE') {
    return {
      reason: `port ${port} is already in use by another program`,
      fix: `Find out what listens there with \`lyre relocation detect 127.0.0.1:${port}\`, and move that mail server to another port (\`lyre relocation guide\`).`,
    };
  }
  return { reason: `listening on port ${port} failed: ${error.code ?? error.message}`, fix: 'Check smtp.host and smtp.port.' };
}

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
    const advice = bindAdvice(error as NodeJS.ErrnoException, requestedPort, fallbackPort);
    if (fallbackPort === requestedPort) throw Object.assign(error as Error, advice);
    const second = makeServer();
    const port = await listenOn(second, fallbackPort, host);
    return {
      server: second,
      status: { listening: true, requestedPort, port, fallback: true, bindError: advice.reason, fix: advice.fix },
    };
  }
}
