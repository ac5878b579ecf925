// Connects the admin window to the engine: one MessageChannelMain per page load
// and per engine start, one end to the utility process, the other to the renderer.

import { MessageChannelMain, type BrowserWindow, type MessagePortMain } from 'electron';
import type { Logger } from 'pino';

import { ADMIN_PORT_CHANNEL } from './admin-bridge.ts';
import type { EngineSupervisor } from './supervisor.ts';

export function connectAdmin(
  window: BrowserWindow,
  supervisor: EngineSupervisor<MessagePortMain>,
  log: Logger,
): void {
  if (window.isDestroyed() || window.webContents.isLoading()) return;
  const { port1, port2 } = new MessageChannelMain();
  if (!supervisor.connectAdminPort(port1)) {
    port1.close();
    port2.close();
    return;
  }
  window.webContents.postMessage(ADMIN_PORT_CHANNEL, null, [port2]);
  log.info({ subsystem: 'window' }, 'ADMIN_CONNECTED');
}

/** Sends a fresh port whenever the page loads and whenever the engine (re)starts. */
export function keepAdminConnected(
  window: BrowserWindow,
  supervisor: EngineSupervisor<MessagePortMain>,
  log: Logger,
): void {
  const connect = (): void => connectAdmin(window, supervisor, log);
  const onState = ({ state }: { state: string }): void => {
    if (state === 'running') connect();
  };
  window.webContents.on('did-finish-load', connect);
  supervisor.on('state', onState);
  window.once('closed', () => supervisor.off('state', onState));
}
