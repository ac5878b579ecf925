// The tray menu as data, built fresh on every state or status change.

import type { MenuItemConstructorOptions } from 'electron';

import type { HostStatus } from '../engine/host/protocol.ts';
import type { StateChange } from './supervisor.ts';

export interface TrayMenuActions {
  open(): void;
  startServer(): void;
  stopServer(): void;
  setOpenAtLogin(enabled: boolean): void;
  quit(): void;
}

export interface TrayMenuInput {
  state: StateChange;
  status: HostStatus | null;
  /** Null where the platform has no login items (Linux). */
  openAtLogin: boolean | null;
}

function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

/** Describes the engine's state in one line, for the menu and the tooltip. */
export function statusLine({ state, status }: Pick<TrayMenuInput, 'state' | 'status'>): string {
  switch (state.state) {
    case 'running': {
      if (!status) return 'Running';
      const smtp = status.smtpPort === null ? 'SMTP off' : `SMTP on port ${status.smtpPort}`;
      return `Running · ${smtp} · queue ${status.queueSize} · ${status.deliveriesPerMinute} deliveries/min`;
    }
    case 'starting':
      return 'Starting…';
    case 'stopping':
      return 'Stopping…';
    case 'stopped':
      return 'Stopped';
    case 'crashed':
      return `Crashed, restarting in ${seconds(state.restartInMs ?? 0)}: ${state.reason ?? 'unknown reason'}`;
    case 'failed':
      return `Not running: ${state.reason ?? 'unknown reason'}`;
  }
}

export function trayMenuTemplate(
  input: TrayMenuInput,
  actions: TrayMenuActions,
): MenuItemConstructorOptions[] {
  const { state } = input;
  const active = state.state === 'running' || state.state === 'starting';
  const busy = state.state === 'stopping';
  const items: MenuItemConstructorOptions[] = [
    { label: 'Open Lyre', click: () => actions.open() },
    { type: 'separator' },
    { label: statusLine(input), enabled: false },
    active
      ? { label: 'Stop server', enabled: !busy, click: () => actions.stopServer() }
      : { label: 'Start server', enabled: !busy, click: () => actions.startServer() },
    { type: 'separator' },
  ];
  if (input.openAtLogin !== null) {
    items.push({
      label: 'Start at login',
      type: 'checkbox',
      checked: input.openAtLogin,
      click: (item) => actions.setOpenAtLogin(item.checked),
    });
    items.push({ type: 'separator' });
  }
  items.push({ label: 'Quit Lyre', click: () => actions.quit() });
  return items;
}
