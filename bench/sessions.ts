// Concurrency: the memory of N outbound SMTP sessions held open at once against
// Postfix's smtp-sink set to delay its reply to the end of each message.
import { buildPost, copyDataset, createDataset } from './lib/dataset.ts';
import { EngineProcess } from './lib/engine-process.ts';
import { sendPost } from './lib/post.ts';
import { PostfixSink } from './lib/postfix-tools.ts';

export interface SessionsOptions {
  counts: number[];
  /** Seconds smtp-sink waits before its reply to the final dot; longer than a run takes. */
  holdSeconds: number;
  log: (line: string) => void;
}

export interface SessionsRun {
  sessions: number;
  idleRssBytes: number;
  heldRssBytes: number;
  bytesPerSession: number;
}

/** Hold `count` sessions open in smarthost mode and compare the engine's RSS with its idle RSS. */
async function holdSessions(count: number, options: SessionsOptions): Promise<SessionsRun> {
  const dataset = createDataset({ members: count, domains: 100 });
  const run = copyDataset(dataset);
  const sink = await PostfixSink.start({ maxConnections: count + 100, delays: [`.:${options.holdSeconds}`] });
  const engine = await EngineProcess.start(run.path, {
    'delivery.mode': 'smarthost',
    'delivery.smarthost': `${sink.host}:${sink.port}`,
    'delivery.smarthostTls': 'none',
    'delivery.smarthostConnections': count,
    'delivery.concurrency': count,
    'delivery.timeout': (options.holdSeconds + 60) * 1000,
  });
  try {
    const idle = await engine.settle();
    await sendPost(engine.smtpPort, dataset.poster, dataset.listAddress, buildPost(dataset.poster, dataset.listAddress, 4000));
    const held = await engine.waitSessions(count, 1000, Math.max(30_000, count * 20));
    return {
      sessions: count,
      idleRssBytes: idle.rss,
      heldRssBytes: held.rss,
      bytesPerSession: (held.rss - idle.rss) / count,
    };
  } finally {
    await engine.stop();
    await sink.stop();
    run.remove();
    dataset.remove();
  }
}

export async function measureSessions(options: SessionsOptions): Promise<SessionsRun[]> {
  const runs: SessionsRun[] = [];
  for (const count of options.counts) {
    const run = await holdSessions(count, options);
    options.log(`  ${count} sessions: ${((run.heldRssBytes - run.idleRssBytes) / 2 ** 20).toFixed(1)} MiB above idle, ${(run.bytesPerSession / 1024).toFixed(1)} KiB per session`);
    runs.push(run);
  }
  return runs;
}
