// Fan-out: one post to N members over many domains, MX mode, to Postfix's smtp-sink on
// 127.0.0.2, beside two anchors on the same sink at the same concurrency: the raw
// SMTP ceiling (smtp-source) and the Postfix VERP peer (sendmail -XV).
import { join } from 'node:path';

import { Store } from '../engine/store/index.ts';
import { TestDnsServer, type Zone } from '../test/helpers/dns-server.ts';
import {
  buildPost,
  copyDataset,
  createDataset,
  memberAddress,
  sampleCopy,
  tempFolder,
  writeSourceMessage,
  type Dataset,
} from './lib/dataset.ts';
import { EngineProcess } from './lib/engine-process.ts';
import { sendPost } from './lib/post.ts';
import { PostfixSink, runSmtpSource } from './lib/postfix-tools.ts';
import { PostfixPeer, postfixPeerUnavailable } from './lib/postfix-peer.ts';
import { profileRun, type ProfileSummary } from './lib/profile.ts';

export interface FanoutOptions {
  members: number;
  domains: number;
  /** Concurrent SMTP sessions for Lyre and for both anchors. */
  sessions: number;
  bodyBytes: number;
  runs: number;
  /** Also run the Postfix VERP peer. */
  peer: boolean;
  /** Also run smtp-source, the raw ceiling; false only for bench/lyre-only.ts. */
  ceiling?: boolean;
  /** Run Lyre once more under the CPU profiler and summarize its main thread; not counted in the figures. */
  profile?: boolean;
  /** Upper bound for one run of any sender. */
  timeoutMs: number;
  log: (line: string) => void;
}

export interface LyreFanoutRun {
  copiesPerSecond: number;
  seconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  sinkCpuSeconds: number;
}

export interface AnchorRun {
  messagesPerSecond: number;
  seconds: number;
  cpuSeconds: number;
  sinkCpuSeconds: number;
}

export interface FanoutResult {
  members: number;
  domains: number;
  sessions: number;
  copyBytes: number;
  lyre: LyreFanoutRun[];
  ceiling: AnchorRun[];
  peer: AnchorRun[];
  peerSkipped: string | null;
  postfixVersion: string | null;
  /** The main thread's time in the profiled extra run, when one was asked for. */
  profile: ProfileSummary | null;
}

/** MX records for every member domain, pointing at ten MX host names that all resolve to the sink's address. */
function benchZone(domains: number, sinkHost: string): Zone {
  const mx: NonNullable<Zone['mx']> = {};
  const a: NonNullable<Zone['a']> = {};
  for (let k = 0; k < 10; k++) a[`mx${k}.bench.test`] = [sinkHost];
  for (let i = 0; i < domains; i++) mx[`d${i}.bench.test`] = [{ exchange: `mx${i % 10}.bench.test`, priority: 10 }];
  return { mx, a };
}

/** Run one fan-out by Lyre, timed from the post's arrival at intake to the commit of its last copy's result. */
async function runLyre(
  dataset: Dataset,
  post: Buffer,
  sink: PostfixSink,
  dnsPort: number,
  options: FanoutOptions,
  cpuProfileDir?: string,
): Promise<LyreFanoutRun> {
  const run = copyDataset(dataset);
  const engine = await EngineProcess.start(run.path, {
    'delivery.mode': 'mx',
    'delivery.dnsServers': `127.0.0.1:${dnsPort}`,
    'delivery.mxPort': sink.port,
    'delivery.concurrency': options.sessions,
    'http.publicUrl': 'https://lists.bench.test',
  }, cpuProfileDir);
  try {
    await engine.settle();
    const sinkBefore = sink.messages;
    const sinkCpuBefore = sink.cpuSeconds();
    const before = await engine.snapshot();
    const arrival = Date.now();
    await sendPost(engine.smtpPort, dataset.poster, dataset.listAddress, post);
    const done = await engine.waitPosts(1, options.timeoutMs);
    await sink.waitForMessages(sinkBefore + dataset.members, 5000);
    const seconds = (done.finishedAt - arrival) / 1000;
    const result = {
      copiesPerSecond: dataset.members / seconds,
      seconds,
      cpuSeconds: done.cpuSeconds - before.cpuSeconds,
      peakRssBytes: done.maxRss,
      sinkCpuSeconds: sink.cpuSeconds() - sinkCpuBefore,
    };
    await engine.stop();
    checkDelivered(run.path, dataset.members);
    return result;
  } finally {
    await engine.stop();
    run.remove();
  }
}

/** Fail the run unless every copy was delivered at the first attempt. */
function checkDelivered(dataDir: string, expected: number): void {
  const store = Store.open(dataDir);
  try {
    const rows = store.db
      .prepare("SELECT status, sum(attempts) AS attempts, count(*) AS n FROM deliveries GROUP BY status")
      .all() as { status: string; attempts: number; n: number }[];
    const delivered = rows.find((r) => r.status === 'delivered');
    if (!delivered || delivered.n !== expected || delivered.attempts !== expected || rows.length !== 1) {
      throw new Error(`expected ${expected} copies delivered at the first attempt, found ${JSON.stringify(rows)}`);
    }
  } finally {
    store.close();
  }
}

async function runCeiling(sink: PostfixSink, messageFile: string, count: number, options: FanoutOptions): Promise<AnchorRun> {
  const sinkCpuBefore = sink.cpuSeconds();
  const sinkBefore = sink.messages;
  const source = await runSmtpSource({
    host: sink.host,
    port: sink.port,
    sessions: options.sessions,
    messages: count,
    messageFile,
    reuse: true,
    from: 'source@bench.test',
    to: 'sink@bench.test',
    timeoutMs: options.timeoutMs,
  });
  await sink.waitForMessages(sinkBefore + count, 5000);
  return {
    messagesPerSecond: count / source.seconds,
    seconds: source.seconds,
    cpuSeconds: source.cpuSeconds,
    sinkCpuSeconds: sink.cpuSeconds() - sinkCpuBefore,
  };
}

async function runPeer(peer: PostfixPeer, sink: PostfixSink, post: Buffer, dataset: Dataset, options: FanoutOptions): Promise<AnchorRun> {
  const recipients = Array.from({ length: dataset.members }, (_, i) => memberAddress(i, options.domains));
  const sinkBefore = sink.messages;
  const sinkCpuBefore = sink.cpuSeconds();
  const cpuBefore = peer.cpuSeconds();
  const started = Date.now();
  const submitCpu = await peer.submitVerp(post, `bench-owner@lists.bench.test`, recipients);
  const last = await sink.waitForMessages(sinkBefore + dataset.members, options.timeoutMs);
  const seconds = (last - started) / 1000;
  return {
    messagesPerSecond: dataset.members / seconds,
    seconds,
    cpuSeconds: peer.cpuSeconds() - cpuBefore + submitCpu,
    sinkCpuSeconds: sink.cpuSeconds() - sinkCpuBefore,
  };
}

export async function measureFanout(options: FanoutOptions): Promise<FanoutResult> {
  const dataset = createDataset({ members: options.members, domains: options.domains });
  const post = buildPost(dataset.poster, dataset.listAddress, options.bodyBytes);
  const copy = sampleCopy(post, dataset.list, Math.floor(options.members / 2));
  const files = tempFolder('lyre-bench-msg-');
  const messageFile = join(files.path, 'copy.eml');
  writeSourceMessage(messageFile, copy);

  const sink = await PostfixSink.start({ host: '127.0.0.2', maxConnections: options.sessions * 2 + 50 });
  const dns = new TestDnsServer(benchZone(options.domains, sink.host));
  await dns.listen();
  const peerSkipped = options.peer ? postfixPeerUnavailable() : 'not requested';
  const peer = peerSkipped === null ? await PostfixPeer.start(sink.host, sink.port, options.sessions) : null;

  const result: FanoutResult = {
    members: options.members,
    domains: options.domains,
    sessions: options.sessions,
    copyBytes: copy.length,
    lyre: [],
    ceiling: [],
    peer: [],
    peerSkipped,
    postfixVersion: peer?.version ?? null,
    profile: null,
  };
  try {
    // Runs alternate between the senders, so a change in machine load touches all of them alike.
    for (let r = 0; r < options.runs; r++) {
      if (options.ceiling !== false) {
        const ceiling = await runCeiling(sink, messageFile, options.members, options);
        result.ceiling.push(ceiling);
        options.log(`  ceiling run ${r + 1}: ${Math.round(ceiling.messagesPerSecond)} msg/s`);
      }
      const lyre = await runLyre(dataset, post, sink, dns.port, options);
      result.lyre.push(lyre);
      options.log(`  lyre run ${r + 1}: ${Math.round(lyre.copiesPerSecond)} copies/s, ${lyre.cpuSeconds.toFixed(2)} CPU s`);
      if (peer) {
        const run = await runPeer(peer, sink, post, dataset, options);
        result.peer.push(run);
        options.log(`  postfix VERP run ${r + 1}: ${Math.round(run.messagesPerSecond)} msg/s`);
      }
    }
    if (options.profile) {
      // #sendOne is on the stack from the first copy to the last.
      result.profile = await profileRun('#sendOne', (dir) => runLyre(dataset, post, sink, dns.port, options, dir), options.log);
    }
  } finally {
    await peer?.remove();
    await dns.close();
    await sink.stop();
    files.remove();
    dataset.remove();
  }
  return result;
}
