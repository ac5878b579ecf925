// The admin window: the built renderer served from lyre://app/, sandboxed and
// context-isolated, with every navigation away, new window and permission denied.

import { readFile } from 'node:fs/promises';

import { BrowserWindow, protocol, session, shell, type Session } from 'electron';
import type { Logger } from 'pino';

import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  contentTypeOf,
  isAppUrl,
  resolveAppFile,
} from './content-security.ts';

/** Must run before the app is ready: the renderer's scheme behaves like https. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

async function serveAppFile(rendererRoot: string, request: Request, log: Logger): Promise<Response> {
  const file = resolveAppFile(rendererRoot, request.url);
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
  if (!file) return new Response('Not found', { status: 404, headers });
  try {
    const body = await readFile(file);
    return new Response(body, { headers: { ...headers, 'Content-Type': contentTypeOf(file) } });
  } catch (error) {
    log.warn({ url: request.url, file, err: error }, 'APP_FILE_MISSING');
    return new Response('Not found', { status: 404, headers });
  }
}

/**
 * Serves the renderer and locks the session down: CSP on every response, and no
 * permission but writing sanitized text to the clipboard, for the copy buttons.
 */
export function hardenSession(target: Session, rendererRoot: string, log: Logger): void {
  target.protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererRoot, request, log));
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  target.setPermissionRequestHandler((_contents, permission, callback) => {
    if (permission === 'clipboard-sanitized-write') return callback(true);
    log.warn({ permission }, 'PERMISSION_DENIED');
    callback(false);
  });
  target.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
}

export function createAdminWindow(preload: string, iconPath: string, log: Logger): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Lyre',
    icon: iconPath,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      session: session.defaultSession,
    },
  });
  blockLeavingTheApp(window, log);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function blockLeavingTheApp(window: BrowserWindow, log: Logger): void {
  const contents = window.webContents;
  const block = (event: { preventDefault(): void }, url: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log.warn({ url }, 'NAVIGATION_BLOCKED');
  };
  contents.on('will-navigate', (event) => block(event, event.url));
  contents.on('will-redirect', (event) => block(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web, such as documentation, open in the user's browser instead.
    if (url.startsWith('https://')) void shell.openExternal(url);
    else log.warn({ url }, 'WINDOW_OPEN_BLOCKED');
    return { action: 'deny' };
  });
}

export { APP_HOST };
