import type { Settings } from '../../engine/config/schema.ts';
import { startEngine, type RunningEngine } from '../../engine/engine.ts';
import { Store } from '../../engine/store/index.ts';
import { tempDir } from './temp-dir.ts';

export interface TestEngine {
  engine: RunningEngine;
  dataDir: string;
  smtpPort: number;
  httpPort: number;
  /** Stop the engine and remove its data folder. */
  close(): Promise<void>;
}

/**
 * Start a real engine on loopback with ports chosen by the system. `setup` runs on
 * the store before the engine starts, for settings that are read only at start.
 */
export async function startTestEngine(
  options: { settings?: Partial<Record<keyof Settings, unknown>>; dataDir?: string; keepData?: boolean } = {},
): Promise<TestEngine> {
  const dir = options.dataDir ? { path: options.dataDir, remove: () => {} } : tempDir();
  const store = Store.open(dir.path);
  for (const [key, value] of Object.entries(options.settings ?? {})) store.settings.set(key as keyof Settings, value);
  store.close();
  const engine = await startEngine({
    dataDir: dir.path,
    noLogFile: true,
    overrides: { 'smtp.port': 0, 'smtp.fallbackPort': 0, 'smtp.host': '127.0.0.1', 'http.port': 0, 'http.host': '127.0.0.1' },
  });
  const status = engine.status();
  return {
    engine,
    dataDir: dir.path,
    smtpPort: status.smtp.port!,
    httpPort: status.http.port!,
    async close() {
      await engine.stop(2000);
      if (!options.keepData) dir.remove();
    },
  };
}
