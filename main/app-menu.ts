// The application menu as data. Roles give each platform its standard items and
// shortcuts; macOS gets the app-name menu, elsewhere About sits under Help.

import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuActions {
  about(): void;
  open(): void;
  quit(): void;
}

export function appMenuTemplate(
  platform: NodeJS.Platform,
  developer: boolean,
  actions: AppMenuActions,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: 'About Lyre', click: () => actions.about() };
  const quit: MenuItemConstructorOptions = {
    label: mac ? 'Quit Lyre' : 'Quit',
    accelerator: 'CmdOrCtrl+Q',
    click: () => actions.quit(),
  };
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (developer) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });

  const menus: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Lyre', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
        { role: 'close', label: 'Close Window (server keeps running)' },
        ...(mac ? [] : [{ type: 'separator' as const }, quit]),
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: mac ? [] : [about] },
  ];
  if (mac) {
    menus.unshift({
      label: 'Lyre',
      submenu: [
        about,
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        quit,
      ],
    });
  }
  return menus;
}
