// The tray icon: its image follows the engine's state and the panel's colour, its
// menu and tooltip show the status line from the last heartbeat.

import { Menu, Tray, nativeImage, nativeTheme, type MessagePortMain } from 'electron';

import type { EngineSupervisor } from './supervisor.ts';
import { trayIconPath } from './tray-icons.ts';
import { statusLine, trayMenuTemplate, type TrayMenuActions } from './tray-menu.ts';

export interface TrayOptions {
  assets: string;
  supervisor: EngineSupervisor<MessagePortMain>;
  actions: TrayMenuActions;
  /** Null where the platform has no login items. */
  openAtLogin(): boolean | null;
}

/** On Windows the taskbar can be dark while apps are light; elsewhere both follow one setting. */
function darkPanel(): boolean {
  if (process.platform === 'win32') return nativeTheme.shouldUseDarkColorsForSystemIntegratedUI;
  return nativeTheme.shouldUseDarkColors;
}

export function createTray({ assets, supervisor, actions, openAtLogin }: TrayOptions): Tray {
  const image = (): Electron.NativeImage =>
    nativeImage.createFromPath(trayIconPath(assets, supervisor.state.state, process.platform, darkPanel()));
  const tray = new Tray(image());

  const refresh = (): void => {
    const input = { state: supervisor.state, status: supervisor.status, openAtLogin: openAtLogin() };
    tray.setImage(image());
    tray.setToolTip(`Lyre: ${statusLine(input)}`);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(input, actions)));
  };

  supervisor.on('state', refresh);
  supervisor.on('status', refresh);
  nativeTheme.on('updated', refresh);
  // Where the platform reports left clicks (Windows, some Linux panels), one opens the window.
  if (process.platform !== 'darwin') tray.on('click', () => actions.open());
  refresh();
  return tray;
}
