// Preload script of the admin window. It runs sandboxed and context-isolated, and
// exposes exactly one thing to the page: the admin client over the MessagePort
// that main sends on ADMIN_PORT_CHANNEL, again after every engine restart.
// esbuild bundles it into one CommonJS file, since a sandboxed preload can
// require only `electron` and a few Node built-ins.

import { contextBridge, ipcRenderer } from 'electron';

import { createPortClient } from '../engine/api/port.ts';
import { ADMIN_BRIDGE_KEY, ADMIN_PORT_CHANNEL, createAdminBridge } from './admin-bridge.ts';

const { bridge, attach } = createAdminBridge(createPortClient);

ipcRenderer.on(ADMIN_PORT_CHANNEL, (event) => {
  const [port] = event.ports;
  if (port) attach(port);
});

contextBridge.exposeInMainWorld(ADMIN_BRIDGE_KEY, bridge);
