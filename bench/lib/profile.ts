// The split of the engine's main thread time by part, from a V8 CPU profile (node
// --cpu-prof) of one extra run. docs/benchmarks.md explains what limits a figure
// with a profile taken in the same benchmark run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { tempFolder } from './dataset.ts';

interface CallFrame {
  functionName: string;
  url: string;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One part of the main thread's time: a share of the samples in the measured window. */
export interface ProfileShare {
  part: string;
  /** Fraction of the window's samples, 0 to 1. */
  share: number;
}

export interface ProfileSummary {
  /** Length of the window, from the first to the last sample with the marker on its stack. */
  seconds: number;
  samples: number;
  shares: ProfileShare[];
}

/**
 * Parts of the time by the innermost frame that has a source: native functions such
 * as writev or SQLite's own code have none, so their time goes to the JavaScript that
 * called them. The first matching rule wins.
 */
const parts: { part: string; test: RegExp }[] = [
  { part: 'SQLite: queries and commits (better-sqlite3, engine/store)', test: /better-sqlite3|\/engine\/store\// },
  { part: "smtp-server: parsing commands and writing replies", test: /node_modules\/smtp-server\// },
  { part: "Lyre's SMTP client (engine/delivery/smtp-*, data-encoding)", test: /\/engine\/delivery\/(smtp-client|smtp-session|data-encoding)/ },
  { part: 'Scheduler, result writer, MX look-ups (engine/delivery, node:dns)', test: /\/engine\/delivery\/|^node:internal\/dns/ },
  { part: 'Composing copies and reading headers (engine/shaping)', test: /\/engine\/shaping\// },
  { part: 'Intake: routing, posting rules (engine/intake, engine/rules)', test: /\/engine\/(intake|rules)\// },
  { part: 'Processing posts (engine/pipeline, engine/fanout)', test: /\/engine\/(pipeline|fanout)\// },
  { part: 'Bounce tokens (engine/bounces)', test: /\/engine\/bounces\// },
  { part: 'Logging (pino, engine/log)', test: /node_modules\/(pino|sonic-boom|pino-roll)|\/engine\/log\// },
  { part: 'Address parsing (nodemailer addressparser, punycode)', test: /nodemailer|punycode/ },
  { part: 'Disk flushes of the WAL (node:fs)', test: /^node:(fs|internal\/fs)/ },
  { part: 'Sockets and streams (node:net, node:stream)', test: /^node:(net|internal\/stream_base_commons|internal\/streams|stream)/ },
  { part: 'Promises, timers and events (node:internal)', test: /^node:(internal\/process\/task_queues|internal\/timers|timers|events|internal\/event_target)/ },
];

const unsourced: Record<string, string> = {
  '(idle)': 'Idle: waiting for the network or the disk',
  '(garbage collector)': 'Garbage collection',
  '(program)': 'V8 and native code with no JavaScript caller',
  '(root)': 'V8 and native code with no JavaScript caller',
};

/** The profile of the main thread (thread 0) among those node --cpu-prof wrote into `dir`. */
export function mainThreadProfile(dir: string): string {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  // node names each file CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile.
  const main = files.find((name) => name.split('.').at(-3) === '0') ?? files[0];
  if (!main) throw new Error(`no CPU profile was written into ${dir}`);
  return join(dir, main);
}

/** Split the samples taken while `marker` ran at least once, from its first sample to its last, into parts. */
export function summarizeProfile(file: string, marker: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const partOf = new Map<number, string>();
  const hasMarker = new Map<number, boolean>();
  const classify = (id: number): string => {
    const known = partOf.get(id);
    if (known) return known;
    let part = 'Other';
    const own = byId.get(id)!.callFrame.functionName;
    if (Object.hasOwn(unsourced, own)) part = unsourced[own]!;
    else {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const url = byId.get(at)!.callFrame.url;
        if (!url) continue;
        part = parts.find((rule) => rule.test.test(url))?.part ?? 'Other';
        break;
      }
    }
    partOf.set(id, part);
    return part;
  };
  const onMarker = (id: number): boolean => {
    const known = hasMarker.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const value = node.callFrame.functionName === marker || (parent.has(id) && onMarker(parent.get(id)!));
    hasMarker.set(id, value);
    return value;
  };

  let first = -1;
  let last = -1;
  profile.samples.forEach((id, i) => {
    if (!onMarker(id)) return;
    if (first < 0) first = i;
    last = i;
  });
  if (first < 0) throw new Error(`${file}: no sample has ${marker} on its stack`);
  const counts = new Map<string, number>();
  let microseconds = 0;
  for (let i = first; i <= last; i++) {
    const part = classify(profile.samples[i]!);
    counts.set(part, (counts.get(part) ?? 0) + 1);
    if (i > first) microseconds += profile.timeDeltas[i]!;
  }
  const samples = last - first + 1;
  const shares = [...counts]
    .map(([part, n]) => ({ part, share: n / samples }))
    .sort((a, b) => b.share - a.share);
  return { seconds: microseconds / 1e6, samples, shares };
}

/**
 * Run `run` once with a folder for CPU profiles, then summarize the main thread's
 * profile over the window where `marker` runs. The run is not counted in any figure.
 */
export async function profileRun(
  marker: string,
  run: (cpuProfileDir: string) => Promise<unknown>,
  log: (line: string) => void,
): Promise<ProfileSummary> {
  const folder = tempFolder('lyre-bench-prof-');
  try {
    await run(folder.path);
    const summary = summarizeProfile(mainThreadProfile(folder.path), marker);
    log(`  profiled run: ${summary.samples} samples over ${summary.seconds.toFixed(1)} s`);
    return summary;
  } finally {
    folder.remove();
  }
}
