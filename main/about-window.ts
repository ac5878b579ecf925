import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BrowserWindow, app } from 'electron';

import { aboutHtml } from './about.ts';

let about: BrowserWindow | null = null;

/** Shows the About window, or focuses it when it is open already. */
export function showAbout(assets: string, dataDir: string, parent: BrowserWindow | null): void {
  if (about && !about.isDestroyed()) {
    about.focus();
    return;
  }
  const icon = readFileSync(join(assets, 'icons', '128x128.png')).toString('base64');
  const html = aboutHtml(
    {
      version: app.getVersion(),
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
      dataDir,
    },
    `data:image/png;base64,${icon}`,
  );
  about = new BrowserWindow({
    width: 420,
    height: 360,
    resizable: false,
    minimizable: false,
    maximizable: false,
    title: 'About Lyre',
    parent: parent ?? undefined,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  about.setMenuBarVisibility(false);
  about.webContents.on('will-navigate', (event) => event.preventDefault());
  about.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void about.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
  about.once('closed', () => (about = null));
}
