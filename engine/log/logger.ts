import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import pino, { type Logger, type StreamEntry } from 'pino';

/** One log line as the admin GUI shows it: pino's JSON object. */
export type LogRecord = Record<string, unknown> & { level: number; time: number; msg?: string };

/** Keeps the last lines in memory so the admin API can show recent activity without reading files. */
export class LogRing extends Writable {
  readonly #lines: LogRecord[] = [];
  readonly #listeners = new Set<(record: LogRecord) => void>();

  constructor(readonly capacity = 1000) {
    super();
  }

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line === '') continue;
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        continue;
      }
      this.#lines.push(record);
      if (this.#lines.length > this.capacity) this.#lines.shift();
      for (const listener of this.#listeners) listener(record);
    }
    done();
  }

  recent(limit = 200, minLevel = 0): LogRecord[] {
    return this.#lines.filter((r) => r.level >= minLevel).slice(-limit);
  }

  subscribe(listener: (record: LogRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export interface LoggerOptions {
  level?: string;
  /** Folder for the rotating JSON log file; none writes no file. */
  logDir?: string;
  /** Also write JSON lines to standard output. */
  stdout?: boolean;
  /** Extra stream, for example the utility-process bridge to the main process. */
  extra?: Writable;
}

export interface EngineLogger {
  root: Logger;
  ring: LogRing;
  close(): Promise<void>;
}

/**
 * Create the engine's root logger: JSON lines to a size-rotated file in the data
 * folder, to a ring buffer for the GUI, and optionally to standard output.
 */
export async function createLogger(options: LoggerOptions = {}): Promise<EngineLogger> {
  const level = options.level ?? 'info';
  const ring = new LogRing();
  const streams: StreamEntry[] = [{ level: level as pino.Level, stream: ring }];
  let fileStream: (Writable & { end(): void }) | undefined;

  if (options.logDir) {
    mkdirSync(options.logDir, { recursive: true });
    const { default: roll } = await import('pino-roll');
    fileStream = (await roll({
      file: join(options.logDir, 'lyre'),
      extension: '.log',
      size: '10m',
      limit: { count: 5 },
      mkdir: true,
    })) as unknown as Writable & { end(): void };
    streams.push({ level: level as pino.Level, stream: fileStream });
  }
  if (options.stdout) streams.push({ level: level as pino.Level, stream: process.stdout });
  if (options.extra) streams.push({ level: level as pino.Level, stream: options.extra });

  const root = pino({ level, base: undefined }, pino.multistream(streams));
  return {
    root,
    ring,
    async close() {
      root.flush();
      if (fileStream) {
        await new Promise<void>((resolve) => {
          fileStream.once('close', () => resolve());
          fileStream.once('finish', () => resolve());
          fileStream.end();
        });
      }
    },
  };
}

/** A logger that writes nowhere, for commands and tests that do not need one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
