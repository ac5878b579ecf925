// Where the desktop app's files are, relative to the bundle that runs. esbuild
// writes main.mjs, preload.cjs and engine-host.mjs into dist/desktop/, two levels
// below the app root, both in a checkout and inside the packaged app.asar.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DesktopPaths {
  appRoot: string;
  preload: string;
  engineHost: string;
  rendererRoot: string;
  assets: string;
}

export function desktopPaths(bundleUrl: string): DesktopPaths {
  const bundleDir = dirname(fileURLToPath(bundleUrl));
  const appRoot = resolve(bundleDir, '..', '..');
  return {
    appRoot,
    preload: join(bundleDir, 'preload.cjs'),
    engineHost: join(bundleDir, 'engine-host.mjs'),
    rendererRoot: join(appRoot, 'renderer', 'dist'),
    assets: join(appRoot, 'assets'),
  };
}
