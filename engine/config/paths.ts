import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The data folder used when none is given: $LYRE_DATA, else the platform's per-user
 * data folder (XDG_DATA_HOME or ~/.local/share/lyre on Linux, ~/Library/Application
 * Support/Lyre on macOS, %APPDATA%\Lyre on Windows).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.LYRE_DATA) return env.LYRE_DATA;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Lyre');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Lyre');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'lyre');
}
