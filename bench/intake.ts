// Intake: posts accepted per second over SMTP, each committed to disk before its 250,
// beside smtp-source to smtp-sink with the same connections and the same message.
import { fork } from 'node:child_process';
import { join } from 'node:path';

import { Store } from '../engine/store/index.ts';
import type { Settings } from '../engine/config/schema.ts';
import { buildPost, copyDataset, createDataset, tempFolder, writeSourceMessage, type Dataset } from './lib/dataset.ts';
import { EngineProcess } from './lib/engine-process.ts';
import { PostfixSink, runSmtpSource } from './lib/postfix-tools.ts';
import { profileRun, type ProfileSummary } from './lib/profile.ts';
import { cpuSecondsOf, stopChild } from './lib/processes.ts';

export interface IntakeOptions {
  messages: number;
  sessions: number;
  runs: number;
  /** Engine settings for this measurement, for example smtp.greetingDelay. */
  settings: Partial<Settings>;
  timeoutMs: number;
  log: (line: string) => void;
  /** Also run smtp-sink and the bare smtp-server; false only for bench/lyre-only.ts. */
  anchors?: boolean;
  /** Connection patterns to run: false for one connection per message, true for reused ones. */
  reuse?: boolean[];
  /** Run Lyre once more with reused connections under the CPU profiler; not counted in the figures. */
  profile?: boolean;
}

export interface IntakeRun {
  perSecond: number;
  seconds: number;
  cpuSeconds: number;
}

export interface IntakePattern {
  /** True when smtp-source reuses each connection (-d). */
  reuse: boolean;
  lyre: IntakeRun[];
  anchor: IntakeRun[];
  /** smtp-server with no storage (bench/lib/bare-smtp-server.ts), for what the package costs by itself. */
  bare: IntakeRun[];
}

export interface IntakeResult {
  messages: number;
  sessions: number;
  messageBytes: number;
  patterns: IntakePattern[];
  /** The main thread's time in the profiled extra run, when one was asked for. */
  profile: ProfileSummary | null;
}

/** Fail the run unless every message was committed and processed. */
function checkStored(dataDir: string, expected: number): void {
  const store = Store.open(dataDir);
  try {
    const rows = store.db.prepare('SELECT state, count(*) AS n FROM incoming_messages GROUP BY state').all() as { state: string; n: number }[];
    const total = rows.reduce((sum, row) => sum + row.n, 0);
    if (total !== expected) throw new Error(`expected ${expected} stored messages, found ${JSON.stringify(rows)}`);
  } finally {
    store.close();
  }
}

type SourceOptions = Omit<Parameters<typeof runSmtpSource>[0], 'host' | 'port' | 'reuse'>;

/** smtp-source against Lyre, timed by smtp-source; fails unless every post was stored and processed. */
async function runLyre(dataset: Dataset, source: SourceOptions, reuse: boolean, options: IntakeOptions, cpuProfileDir?: string): Promise<IntakeRun> {
  const run = copyDataset(dataset);
  const engine = await EngineProcess.start(run.path, { 'smtp.maxConnectionsPerIp': options.sessions + 10, ...options.settings }, cpuProfileDir);
  try {
    await engine.settle();
    const before = await engine.snapshot();
    const sent = await runSmtpSource({ ...source, host: '127.0.0.1', port: engine.smtpPort, reuse });
    const after = await engine.snapshot();
    await engine.waitPosts(options.messages, options.timeoutMs);
    await engine.stop();
    checkStored(run.path, options.messages);
    return { perSecond: options.messages / sent.seconds, seconds: sent.seconds, cpuSeconds: after.cpuSeconds - before.cpuSeconds };
  } finally {
    await engine.stop();
    run.remove();
  }
}

/** smtp-source against smtp-server with no storage, in a child process of its own. */
async function runBare(
  source: SourceOptions,
  reuse: boolean,
  greetingDelay: number,
): Promise<IntakeRun> {
  const child = fork(join(import.meta.dirname, 'lib', 'bare-smtp-server.ts'), [String(greetingDelay)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: { port: number }) => resolve(message.port));
      child.once('exit', (code) => reject(new Error(`bare smtp-server exited with ${code}`)));
    });
    const cpuBefore = cpuSecondsOf(child.pid!);
    const sent = await runSmtpSource({ ...source, host: '127.0.0.1', port, reuse });
    return { perSecond: source.messages / sent.seconds, seconds: sent.seconds, cpuSeconds: cpuSecondsOf(child.pid!) - cpuBefore };
  } finally {
    await stopChild(child);
  }
}

export async function measureIntake(options: IntakeOptions): Promise<IntakeResult> {
  // The poster is the list's only member and gets no mail, so a post has no copies to send.
  const dataset = createDataset({ members: 1, domains: 1, posterMode: 'nomail' });
  const files = tempFolder('lyre-bench-msg-');
  const post = buildPost(dataset.poster, dataset.listAddress, 4000);
  const messageFile = join(files.path, 'post.eml');
  writeSourceMessage(messageFile, post);
  const sink = await PostfixSink.start({ host: '127.0.0.2', maxConnections: options.sessions * 2 + 50 });
  const result: IntakeResult = { messages: options.messages, sessions: options.sessions, messageBytes: post.length, patterns: [], profile: null };
  const source = { sessions: options.sessions, messages: options.messages, messageFile, from: dataset.poster, to: dataset.listAddress, timeoutMs: options.timeoutMs };

  try {
    for (const reuse of options.reuse ?? [false, true]) {
      const pattern: IntakePattern = { reuse, lyre: [], anchor: [], bare: [] };
      result.patterns.push(pattern);
      for (let r = 0; r < options.runs; r++) {
        if (options.anchors !== false) {
          const anchor = await runSmtpSource({ ...source, host: sink.host, port: sink.port, reuse });
          pattern.anchor.push({ perSecond: options.messages / anchor.seconds, seconds: anchor.seconds, cpuSeconds: anchor.cpuSeconds });
        }

        pattern.lyre.push(await runLyre(dataset, source, reuse, options));
        if (options.anchors !== false) pattern.bare.push(await runBare(source, reuse, Number(options.settings['smtp.greetingDelay'] ?? 100)));
        const label = reuse ? 'reused connections' : 'one connection per message';
        const rate = (runs: IntakeRun[]) => Math.round(runs.at(-1)?.perSecond ?? NaN);
        const cpuMs = ((pattern.lyre.at(-1)!.cpuSeconds * 1000) / options.messages).toFixed(2);
        options.log(
          `  ${label} run ${r + 1}: lyre ${rate(pattern.lyre)}/s (${cpuMs} CPU ms per post), ` +
            `smtp-sink ${rate(pattern.anchor)}/s, bare smtp-server ${rate(pattern.bare)}/s`,
        );
      }
    }
    if (options.profile) {
      // _onCommand is smtp-server's, on the stack for every command a client sends.
      result.profile = await profileRun('_onCommand', (dir) => runLyre(dataset, source, true, options, dir), options.log);
    }
  } finally {
    await sink.stop();
    files.remove();
    dataset.remove();
  }
  return result;
}
