// The host's link to the process that started it: Electron's process.parentPort in
// a utility process, or the child_process IPC channel under plain Node. Only the
// first can carry MessagePorts.

import type { HostEvent } from './protocol.ts';

export interface ParentChannel {
  readonly kind: 'utility-process' | 'node-ipc';
  /** `ports` is empty unless the sender transferred MessagePorts with the message. */
  onMessage(listener: (message: unknown, ports: unknown[]) => void): void;
  send(event: HostEvent): void;
  /** Resolves once the messages sent so far have left this process, so that exiting does not drop them. */
  flush(): Promise<void>;
  /** Called when the parent is gone; only node-ipc reports it, since Electron kills orphaned utility processes itself. */
  onDisconnect(listener: () => void): void;
}

/** The part of Electron's ParentPort that the host uses, so that engine/ needs no Electron types. */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: unknown[] }) => void): unknown;
  postMessage(message: unknown): void;
}

function utilityProcessChannel(parentPort: ParentPortLike): ParentChannel {
  return {
    kind: 'utility-process',
    onMessage(listener) {
      parentPort.on('message', (event) => listener(event.data, event.ports ?? []));
    },
    send(event) {
      parentPort.postMessage(event);
    },
    // NOTE: postMessage hands the message to Chromium's IPC at once; a turn of the
    // event loop is a guess at what it needs before exit, not a documented guarantee.
    flush() {
      return new Promise((resolve) => setImmediate(resolve));
    },
    onDisconnect() {},
  };
}

function nodeIpcChannel(): ParentChannel {
  let pending: Promise<void> = Promise.resolve();
  return {
    kind: 'node-ipc',
    onMessage(listener) {
      process.on('message', (message) => listener(message, []));
    },
    send(event) {
      if (!process.connected) return;
      const sent = new Promise<void>((resolve) => process.send?.(event, undefined, {}, () => resolve()));
      pending = pending.then(() => sent);
    },
    flush() {
      return pending;
    },
    onDisconnect(listener) {
      process.once('disconnect', listener);
    },
  };
}

/** Picks the channel this process was started with, or null when it has none. */
export function openParentChannel(): ParentChannel | null {
  const parentPort = (process as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) return utilityProcessChannel(parentPort);
  if (typeof process.send === 'function') return nodeIpcChannel();
  return null;
}
