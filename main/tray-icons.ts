// Picks the tray image file for the engine's state and the panel's colour.

import { join } from 'node:path';

import type { SupervisorState } from './supervisor.ts';

export type TrayIconState = 'running' | 'stopped' | 'error';

export const TRAY_ICON_STATE: Record<SupervisorState, TrayIconState> = {
  starting: 'stopped',
  running: 'running',
  stopping: 'stopped',
  stopped: 'stopped',
  crashed: 'error',
  failed: 'error',
};

/**
 * Returns the @1x file; Electron loads the @2x file beside it on high-density
 * screens. macOS gets template images, which it recolours for light and dark menu
 * bars itself; elsewhere `darkPanel` picks the light glyph for a dark panel.
 */
export function trayIconPath(
  assets: string,
  state: SupervisorState,
  platform: NodeJS.Platform,
  darkPanel: boolean,
): string {
  const icon = TRAY_ICON_STATE[state];
  if (platform === 'darwin') return join(assets, 'tray', `${icon}Template.png`);
  return join(assets, 'tray', `${icon}-${darkPanel ? 'dark' : 'light'}.png`);
}
