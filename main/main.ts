// Entry of the desktop app's main process. It runs one instance per user. The
// engine runs in a supervised utility process and keeps running in the tray when
// the window closes, and quitting stops it gracefully first.

import { join } from 'node:path';

import { BrowserWindow, Menu, Tray, app, session, utilityProcess, type MessagePortMain } from 'electron';

import { createLogger } from '../engine/log/logger.ts';
import { showAbout } from './about-window.ts';
import { keepAdminConnected } from './admin-channel.ts';
import { appMenuTemplate } from './app-menu.ts';
import { openAtLogin, setOpenAtLogin, startedAtLogin } from './login-item.ts';
import { desktopPaths } from './paths.ts';
import { EngineSupervisor } from './supervisor.ts';
import { createTray } from './tray.ts';
import { createAdminWindow, hardenSession, registerAppScheme } from './window.ts';

// These must happen before `ready`. The name also fixes the userData folder when
// Electron runs the bundle directly (`electron dist/desktop/main.mjs`).
app.setName('Lyre');
app.setPath('userData', join(app.getPath('appData'), 'Lyre'));
registerAppScheme();

// Held here so the tray is not garbage-collected, which would remove the icon.
const retained: { tray?: Tray } = {};

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  await run();
}

async function run(): Promise<void> {
  const paths = desktopPaths(import.meta.url);
  const dataDir = join(app.getPath('userData'), 'data');
  const logger = await createLogger({
    logDir: join(app.getPath('userData'), 'logs', 'main'),
    stdout: !app.isPackaged,
  });
  const log = logger.root.child({ subsystem: 'app' });
  let window: BrowserWindow | null = null;
  let quitting = false;

  const supervisor = new EngineSupervisor<MessagePortMain>({
    fork: () => utilityProcess.fork(paths.engineHost, [], { serviceName: 'Lyre engine', stdio: 'pipe' }),
    dataDir,
    log: logger.root,
  });
  supervisor.on('state', (change) => log.info({ ...change }, 'ENGINE_STATE'));

  const openWindow = (): void => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      return;
    }
    window = createAdminWindow(paths.preload, join(paths.assets, 'icon.png'), log);
    keepAdminConnected(window, supervisor, log);
    window.once('closed', () => (window = null));
  };
  const quit = (): void => app.quit();

  app.on('second-instance', openWindow);
  app.on('activate', openWindow);
  // Closing the last window leaves the server running in the tray.
  app.on('window-all-closed', () => {});
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    log.info('QUITTING');
    void supervisor
      .stop()
      .catch((error: unknown) => log.error({ err: error }, 'STOP_FAILED'))
      .finally(() => logger.close().finally(() => app.exit(0)));
  });

  await app.whenReady();
  app.dock?.setIcon(join(paths.assets, 'icon.png'));
  hardenSession(session.defaultSession, paths.rendererRoot, log);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate(process.platform, !app.isPackaged, {
        about: () => showAbout(paths.assets, dataDir, window),
        open: openWindow,
        quit,
      }),
    ),
  );

  retained.tray = createTray({
    assets: paths.assets,
    supervisor,
    openAtLogin,
    actions: {
      open: openWindow,
      startServer: () => supervisor.start(),
      stopServer: () => void supervisor.stop(),
      setOpenAtLogin,
      quit,
    },
  });

  supervisor.start();
  if (!startedAtLogin()) openWindow();
}
