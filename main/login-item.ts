// "Start at login" through the operating system's login items. Electron supports
// them on macOS and Windows only.

import { app } from 'electron';

/** The argument a login-item start carries, so Lyre starts in the tray without a window. */
export const HIDDEN_ARG = '--hidden';

export function loginItemSupported(): boolean {
  return process.platform === 'darwin' || process.platform === 'win32';
}

export function openAtLogin(): boolean | null {
  if (!loginItemSupported()) return null;
  return app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin;
}

export function setOpenAtLogin(enabled: boolean): void {
  if (!loginItemSupported()) return;
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
}

/** True when the system started Lyre at login: then it stays in the tray. */
export function startedAtLogin(): boolean {
  if (process.argv.includes(HIDDEN_ARG)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
