import type { AdminApiRun, BouncesRun } from '../children.ts';
import type { AnchorRun, FanoutResult, LyreFanoutRun } from '../fanout.ts';
import type { ImportRun } from '../import.ts';
import type { IntakePattern, IntakeResult, IntakeRun } from '../intake.ts';
import type { SessionsRun } from '../sessions.ts';
import type { LoadSample, MachineInfo } from './machine.ts';
import type { ProfileSummary } from './profile.ts';
import { formatSummary, round, summarize, type Summary } from './stats.ts';

export interface BenchResults {
  quick: boolean;
  /** True for --quick or --only: smaller or fewer measurements than the full run. */
  partial: boolean;
  command: string;
  machine: MachineInfo;
  loads: LoadSample[];
  seconds: number;
  fanout: FanoutResult[];
  sessions: SessionsRun[];
  intake: IntakeResult | null;
  intakeDefaultDelay: IntakeResult | null;
  bounces: BouncesRun[];
  imports: ImportRun[];
  importRows?: number;
  adminApi: AdminApiRun | null;
  settings: { fanoutSessions: number; intakeSessions: number; fanoutDomains: number };
}

/** The targets this machine's figures are held to. */
export const targets = {
  fanoutPerSecond: 5000,
  fanoutCeilingRatio: 0.4,
  fanoutPeerRatio: 4,
  mbPer1000Sessions: 32,
  intakeCeilingRatio: 0.5,
  importRowsPerSecond: 20_000,
  /** smtp-source to smtp-sink, messages per second, when the fixed rates above were set. */
  referenceCeiling: 14_500,
  /** The Postfix VERP peer's copies per second then. */
  referencePeer: '1,000 to 1,300',
};

const mib = 2 ** 20;
const median = (values: number[]) => summarize(values).median;
const of = <T>(runs: T[], pick: (run: T) => number): Summary => summarize(runs.map(pick));

/** Megabytes (MiB) of RSS per 1,000 sessions, per session count, as a summary over runs. */
function sessionsByCount(runs: SessionsRun[]): Map<number, Summary> {
  const byCount = new Map<number, number[]>();
  for (const run of runs) byCount.set(run.sessions, [...(byCount.get(run.sessions) ?? []), (run.bytesPerSession * 1000) / mib]);
  return new Map([...byCount].map(([count, values]) => [count, summarize(values)]));
}

function intakeRatio(pattern: IntakePattern): number {
  return median(pattern.lyre.map((r) => r.perSecond)) / median(pattern.anchor.map((r) => r.perSecond));
}

/** Return the pattern with the lower ratio to smtp-sink, which the target is judged on. */
function weakerPattern(result: IntakeResult): IntakePattern {
  return [...result.patterns].sort((a, b) => intakeRatio(a) - intakeRatio(b))[0]!;
}

/** The JSON object the benchmark prints last; null where a figure was not measured. */
export interface SummaryLine {
  fanout_per_s: number | null;
  fanout_ceiling_ratio: number | null;
  fanout_peer_ratio: number | null;
  rss_mb_per_1000_sessions: number | null;
  intake_per_s: number | null;
  intake_ceiling_ratio: number | null;
  import_rows_per_s: number | null;
}

export function summaryLine(results: BenchResults): SummaryLine {
  const fanout = results.fanout.at(-1);
  const lyre = fanout ? median(fanout.lyre.map((r) => r.copiesPerSecond)) : NaN;
  const ceiling = fanout ? median(fanout.ceiling.map((r) => r.messagesPerSecond)) : NaN;
  const peer = fanout && fanout.peer.length > 0 ? median(fanout.peer.map((r) => r.messagesPerSecond)) : NaN;
  // RSS above idle with 1,000 sessions open, as the key's name reads; other counts when 1,000 was not run.
  const byCount = sessionsByCount(results.sessions);
  const sessions = byCount.has(1000) ? [byCount.get(1000)!.median] : [...byCount.values()].map((s) => s.median);
  const intake = results.intake ? weakerPattern(results.intake) : null;
  const value = (n: number, digits = 3) => (Number.isFinite(n) ? round(n, digits) : null);
  return {
    fanout_per_s: value(lyre, 4),
    fanout_ceiling_ratio: value(lyre / ceiling),
    fanout_peer_ratio: value(lyre / peer),
    rss_mb_per_1000_sessions: value(sessions.length > 0 ? Math.max(...sessions) : NaN),
    intake_per_s: value(intake ? median(intake.lyre.map((r) => r.perSecond)) : NaN, 4),
    intake_ceiling_ratio: value(intake ? intakeRatio(intake) : NaN),
    import_rows_per_s: value(results.imports.length > 0 ? median(results.imports.map((r) => r.rowsPerSecond)) : NaN, 4),
  };
}

function verdict(value: number | null, target: number, higherIsBetter = true): string {
  if (value === null) return 'not measured';
  const met = higherIsBetter ? value >= target : value <= target;
  if (met) return 'met';
  const gap = higherIsBetter ? (target - value) / target : (value - target) / target;
  return `missed by ${Math.round(gap * 100)}%`;
}

const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const f = (s: Summary, digits = 3) => formatSummary(s, digits);

function fanoutSection(results: BenchResults): string {
  if (results.fanout.length === 0) return 'Not measured in this run.';
  const parts: string[] = [];
  for (const fanout of results.fanout) {
    const lyre = fanout.lyre;
    const rows: string[][] = [
      [
        'Lyre, MX mode',
        f(of(lyre, (r: LyreFanoutRun) => r.copiesPerSecond)),
        f(of(lyre, (r) => r.seconds)),
        f(of(lyre, (r) => r.cpuSeconds)),
        f(of(lyre, (r) => (r.cpuSeconds * 1e6) / fanout.members)),
        f(of(lyre, (r) => r.peakRssBytes / mib)),
        f(of(lyre, (r) => r.sinkCpuSeconds)),
      ],
      anchorRow('smtp-source → smtp-sink (raw ceiling)', fanout.ceiling, fanout.members),
    ];
    if (fanout.peer.length > 0) rows.push(anchorRow('Postfix VERP (sendmail -XV) → smtp-sink', fanout.peer, fanout.members));
    const lyreMedian = median(lyre.map((r) => r.copiesPerSecond));
    const ratios = [`${round(lyreMedian / median(fanout.ceiling.map((r) => r.messagesPerSecond)))} of the raw ceiling`];
    if (fanout.peer.length > 0) ratios.push(`${round(lyreMedian / median(fanout.peer.map((r) => r.messagesPerSecond)))}× the Postfix VERP peer`);
    parts.push(
      `### ${fanout.members.toLocaleString('en-US')} members\n\n` +
        `${fanout.members.toLocaleString('en-US')} members over ${fanout.domains.toLocaleString('en-US')} domains, ` +
        `${fanout.sessions} concurrent sessions for every sender, copies of ${fanout.copyBytes.toLocaleString('en-US')} bytes, ` +
        `${lyre.length} run(s) of each.\n\n` +
        table(['Sender', 'copies/s', 'seconds', 'CPU seconds', 'CPU µs per copy', 'peak RSS MiB', 'smtp-sink CPU seconds'], rows) +
        `\n\nLyre delivered ${ratios.join(' and ')} (ratio of medians).` +
        (fanout.peerSkipped && fanout.peer.length === 0 ? ` The Postfix peer was skipped: ${fanout.peerSkipped}.` : ''),
    );
  }
  return parts.join('\n\n');
}

function anchorRow(name: string, runs: AnchorRun[], members: number): string[] {
  return [
    name,
    f(of(runs, (r) => r.messagesPerSecond)),
    f(of(runs, (r) => r.seconds)),
    f(of(runs, (r) => r.cpuSeconds)),
    f(of(runs, (r) => (r.cpuSeconds * 1e6) / members)),
    'n/a',
    f(of(runs, (r) => r.sinkCpuSeconds)),
  ];
}

function sessionsSection(results: BenchResults): string {
  if (results.sessions.length === 0) return 'Not measured in this run.';
  const byCount = sessionsByCount(results.sessions);
  const rows = [...byCount].map(([count, perThousand]) => {
    const runs = results.sessions.filter((r) => r.sessions === count);
    return [
      count.toLocaleString('en-US'),
      f(of(runs, (r) => r.idleRssBytes / mib)),
      f(of(runs, (r) => (r.heldRssBytes - r.idleRssBytes) / mib)),
      f(of(runs, (r) => r.bytesPerSession / 1024)),
      f(perThousand),
    ];
  });
  return table(['Sessions', 'idle RSS MiB', 'RSS above idle MiB', 'KiB per session', 'MiB per 1,000 sessions'], rows);
}

function intakeTable(result: IntakeResult): string {
  const rows: string[][] = [];
  for (const pattern of result.patterns) {
    const name = pattern.reuse ? 'reused connections (smtp-source -d)' : 'one connection per message';
    const cell = (runs: IntakeRun[]) => f(of(runs, (r) => r.perSecond));
    rows.push([name, cell(pattern.lyre), cell(pattern.anchor), cell(pattern.bare), String(round(intakeRatio(pattern))),
      f(of(pattern.lyre, (r) => (r.cpuSeconds * 1000) / result.messages))]);
  }
  return table(['Pattern', 'Lyre posts/s', 'smtp-sink msg/s', 'bare smtp-server msg/s', 'Lyre / smtp-sink', 'Lyre CPU ms per post'], rows);
}

function intakeSection(results: BenchResults): string {
  if (!results.intake) return 'Not measured in this run.';
  const intake = results.intake;
  let text =
    `smtp-source sends ${intake.messages.toLocaleString('en-US')} posts of ${intake.messageBytes.toLocaleString('en-US')} bytes over ` +
    `${intake.sessions} concurrent sessions, to Lyre, to Postfix's smtp-sink and to smtp-server with no storage ` +
    `(bench/lib/bare-smtp-server.ts). Lyre answers each 250 only after the post is on disk. With smtp.greetingDelay 0:\n\n` +
    intakeTable(intake);
  if (results.intakeDefaultDelay) {
    text += `\n\nWith the default smtp.greetingDelay of 100 ms (early-talker check on), ${results.intakeDefaultDelay.messages.toLocaleString('en-US')} posts:\n\n` + intakeTable(results.intakeDefaultDelay);
  }
  return text;
}

function otherSection(results: BenchResults): string {
  const rows: string[][] = [];
  if (results.bounces.length > 0) rows.push(['Bounces classified per second (bench/bounces.ts)', f(of(results.bounces, (r) => r.perSecond))]);
  if (results.imports.length > 0) {
    rows.push([`Members imported per second, ${results.importRows?.toLocaleString('en-US')}-row CSV, parse and insert`, f(of(results.imports, (r) => r.rowsPerSecond))]);
    rows.push(['  of which parsing, seconds', f(of(results.imports, (r) => r.parseSeconds))]);
    rows.push(['  of which inserting, seconds', f(of(results.imports, (r) => r.importSeconds))]);
  }
  if (results.adminApi) {
    const api = results.adminApi;
    for (const [name, query] of Object.entries(api.queries)) {
      rows.push([`Admin API members.query ${name}, ${api.members.toLocaleString('en-US')} members, ms (median, min of ${api.runs})`, `${query.medianMs} (min ${query.minMs})`]);
    }
  }
  let text = table(['Figure', 'median (min–max)'], rows);
  const accuracy = results.bounces[0]?.summary.filter((line) => !line.startsWith('corpus:'));
  if (accuracy && accuracy.length > 0) text += `\n\nbench/bounces.ts also scores the classifier on the bounce corpus:\n\n${accuracy.map((l) => `    ${l}`).join('\n')}`;
  return text;
}

const cellText = (value: number | null) => (value === null ? 'not measured' : String(value));

function targetsSection(results: BenchResults): string {
  const line = summaryLine(results);
  const rows = [
    ['Fan-out copies per second', cellText(line.fanout_per_s), `≥ ${targets.fanoutPerSecond}`, verdict(line.fanout_per_s, targets.fanoutPerSecond)],
    ['Fan-out / raw SMTP ceiling', cellText(line.fanout_ceiling_ratio), `≥ ${targets.fanoutCeilingRatio}`, verdict(line.fanout_ceiling_ratio, targets.fanoutCeilingRatio)],
    ['Fan-out / Postfix VERP', cellText(line.fanout_peer_ratio), `≥ ${targets.fanoutPeerRatio}`, verdict(line.fanout_peer_ratio, targets.fanoutPeerRatio)],
    ['MiB of RSS above idle with 1,000 sessions open', cellText(line.rss_mb_per_1000_sessions), `≤ ${targets.mbPer1000Sessions}`, verdict(line.rss_mb_per_1000_sessions, targets.mbPer1000Sessions, false)],
    ['Intake / smtp-sink (weaker pattern)', cellText(line.intake_ceiling_ratio), `≥ ${targets.intakeCeilingRatio}`, verdict(line.intake_ceiling_ratio, targets.intakeCeilingRatio)],
    ['Members imported per second', cellText(line.import_rows_per_s), `≥ ${targets.importRowsPerSecond}`, verdict(line.import_rows_per_s, targets.importRowsPerSecond)],
  ];
  let text = table(['Figure', 'this run', 'target', 'verdict'], rows);
  const fanout = results.fanout.at(-1);
  if (fanout && fanout.ceiling.length > 0) {
    const ceiling = median(fanout.ceiling.map((r) => r.messagesPerSecond));
    const peer = fanout.peer.length > 0 ? median(fanout.peer.map((r) => r.messagesPerSecond)) : NaN;
    text +=
      `\n\nThe fixed rates were set on a day when smtp-source reached about ${targets.referenceCeiling.toLocaleString('en-US')} messages per ` +
      `second on this kind of machine and the Postfix VERP peer ${targets.referencePeer}. In this run the ceiling was ` +
      `${Math.round(ceiling).toLocaleString('en-US')} per second at ${fanout.sessions} sessions` +
      (Number.isFinite(peer) ? ` and the peer ${Math.round(peer).toLocaleString('en-US')}` : '') +
      `, so ${targets.fanoutPerSecond.toLocaleString('en-US')} copies per second was ${Math.round((100 * targets.fanoutPerSecond) / ceiling)}% of ` +
      'this run\'s ceiling. The ratios are measured beside their anchors in the same run, so they change less with the machine\'s load.';
  }
  return text;
}

function machineSection(results: BenchResults): string {
  const m = results.machine;
  const loads = results.loads
    .map((l) => `- ${l.at}: load average ${l.loadAverage.map((n) => n.toFixed(2)).join(', ')}${l.busy.length > 0 ? `; busy: ${l.busy.join('; ')}` : '; nothing else busy'}`)
    .join('\n');
  return [
    `- CPU: ${m.cpu}, ${m.cores} cores; ${m.memoryGb} GiB of memory; Linux ${m.kernel}; Debian ${m.debian}`,
    `- Node ${m.node}, SQLite ${m.sqlite}, Postfix ${m.postfix} (smtp-source, smtp-sink, the VERP peer)`,
    `- Packages: ${Object.entries(m.packages).map(([n, v]) => `${n} ${v}`).join(', ')}`,
    `- Lyre at commit ${m.commit}`,
    `- Command: \`${results.command}\`, ${Math.round(results.seconds)} s in all`,
    '',
    'Load before the run and after each measurement (other processes over 5% of a core):',
    '',
    loads,
  ].join('\n');
}

/** docs/benchmarks.md: every figure of a full run with its anchor, and what limits it. */
export function renderReport(results: BenchResults): string {
  return `${[
    '# Benchmarks',
    (results.partial
      ? `Written by \`${results.command}\`, a quick or partial run: its figures come from smaller or fewer measurements than the ` +
        'full run\'s, and its verdicts hold them to the targets set for the full run. '
      : 'Written by `npm run bench` (bench/run.ts) from its last full run; do not edit by hand. ') +
      '`npm run bench -- --quick` runs every measurement small, in about three minutes, and prints the same JSON line; it writes a page ' +
      'only with `--report FILE`. ' +
      'Each figure is the median of its runs with the minimum and maximum in brackets, and each is measured beside an anchor in the same run, ' +
      'because this machine is shared and its speed varies from hour to hour. ' +
      'To profile the engine, set LYRE_BENCH_CPU_PROF to a folder (for example ' +
      '`LYRE_BENCH_CPU_PROF=/tmp/prof npm run bench -- --quick --only fanout`) and read each profile with ' +
      '`npm run bench:profile -- FILE`, which lists the functions with the most self and inclusive time.',
    '## Machine',
    machineSection(results),
    '## Targets',
    targetsSection(results),
    '## Fan-out',
    `One post to every member of a list, each copy its own SMTP transaction with its own envelope sender (a signed bounce address) ` +
      `and member headers, and each result committed to the delivery log before that session sends again. Delivery runs in MX mode: ` +
      `a DNS server on 127.0.0.1 (test/helpers/dns-server.ts) gives each member domain an MX among ten host names, ` +
      `all with the address 127.0.0.2, where Postfix's smtp-sink listens, as when many domains are hosted by one provider. ` +
      `The time runs from the post's arrival at Lyre's SMTP port to the commit of its last copy's result; CPU and peak RSS are those of the ` +
      `engine's own process. The anchors send the same number of messages of the same size to the same smtp-sink over the same number of sessions: ` +
      `smtp-source with reused connections (the raw ceiling), and a private Postfix relaying to the sink with one copy and one transaction per ` +
      `recipient (sendmail -XV, Postfix's VERP), timed from submission to the sink's last message.`,
    fanoutSection(results),
    '## Concurrent sessions',
    `Lyre in smarthost mode with as many connections as copies, against smtp-sink told to wait 300 s before it answers the end of each message ` +
      `(-W .:300), so every session holds a sent copy and waits. RSS is read after a garbage collection, idle before the post and again once ` +
      `the number of open sessions has been steady for a second.`,
    sessionsSection(results),
    '## Intake',
    intakeSection(results),
    '## Bounces, import and the admin API',
    otherSection(results),
    '## What limits each figure',
    ...analysis(results),
  ].join('\n\n')}\n`;
}

/** The parts of a profiled main thread, largest first, those under half a percent left out. */
function profileTable(profile: ProfileSummary): string {
  const rows = profile.shares.filter((s) => s.share >= 0.005).map((s) => [s.part, `${(s.share * 100).toFixed(1)}%`]);
  return table(['Part of the main thread\'s time', 'share of samples'], rows);
}

/** Format the ratio of two medians, or "n/a" when either is missing. */
function ratioText(a: number[], b: number[]): string {
  if (a.length === 0 || b.length === 0) return 'n/a';
  return String(round(median(a) / median(b), 2));
}

/**
 * Explain what limits the figures. The shares of time come from a V8 CPU profile of
 * the engine taken while this code was written (the fan-out paragraph names it), and
 * the ratios come from this run.
 */
function analysis(results: BenchResults): string[] {
  const paragraphs: string[] = [];
  const fanout = results.fanout.at(-1);
  if (fanout) {
    const cpuPerCopy = median(fanout.lyre.map((r) => (r.cpuSeconds * 1e6) / fanout.members));
    const wallPerCopy = median(fanout.lyre.map((r) => (r.seconds * 1e6) / fanout.members));
    paragraphs.push(
      `**Fan-out.** In this run the engine used ${Math.round(cpuPerCopy)} µs of CPU per copy over all its threads, and a copy ` +
        `left every ${Math.round(wallPerCopy)} µs: the main thread, which composes, sends and records every copy, is the limit. ` +
        (fanout.profile
          ? `A CPU profile of one more ${fanout.members.toLocaleString('en-US')}-copy fan-out (node --cpu-prof on the engine process, ` +
            `not counted in the figures) splits the main thread's ${fanout.profile.seconds.toFixed(1)} s from its first copy to its last as follows:\n\n` +
            profileTable(fanout.profile) +
            '\n\n'
          : '') +
        'SQLite is mostly the delivery log: per copy the claim (one UPDATE), one UPDATE of its delivery row and one INSERT into ' +
        'delivery_events, and per group of results one commit. Sockets are one writev per copy, which carries the copy and the next ' +
        "copy's envelope, and the reads of the replies. The second core runs smtp-sink, the benchmark's DNS server, V8's collector " +
        'threads, the fdatasync of each group commit and the token signer thread.',
      '**What was changed for it.** Each copy used to go through nodemailer\'s SMTPConnection, which in a micro-benchmark against ' +
        'smtp-sink used 180–230 µs of CPU per message (a stream per message, a byte loop to dot-stuff, three socket writes) where ' +
        'engine/delivery/smtp-client.ts uses 70–90 µs. The new client pipelines ' +
        'MAIL, RCPT and DATA, dot-stuffs a post\'s shared parts once, and writes the next copy\'s envelope behind the current data ' +
        '(RFC 2920 allows message data to open a pipelined group). Commits flush the WAL with fdatasync in the thread pool instead of ' +
        'inside COMMIT on the event loop (engine/store/group-commit.ts), and each session still waits for that flush before its next copy. ' +
        'Sessions move between domains whose first MX is the same address. The four HMAC tokens of each copy are signed ahead on a ' +
        'worker thread (engine/delivery/presigner.ts); they took about a sixth of the main thread before. Progress is counted at most ' +
        'every 250 ms, and prepared statements are cached per connection.',
      '**Tried and left out**, each measured in interleaved runs on this machine while this page was written. Running the SMTP ' +
        'sessions and the composing in a worker thread: the two threads together used about 40 µs more CPU per copy than one, and ' +
        'with smtp-sink on the second core the fan-out got slower (2,146–2,508 copies per second against 2,522–2,972 without, at 50 ' +
        'sessions and before envelopes went ahead). ' +
        'Writing the delivery log from a worker thread with its own connection: that thread used 65–95 µs of CPU per copy, and the ' +
        'fan-out got no faster. On two cores shared with the anchors, what counts is CPU per copy over all threads.',
    );
  }
  if (results.sessions.length > 0) {
    paragraphs.push(
      '**Concurrent sessions.** Each held session is a socket, its SmtpClient with its reply buffer and waiting promises, the claimed ' +
        'copy and its member headers. The post\'s body is shared by all copies and encoded for DATA once. The figure with 100 sessions ' +
        'also carries what a fan-out costs once (the post\'s template, the claimed batch, the signer thread\'s work), spread over few sessions.',
    );
  }
  if (results.intake) {
    const intake = results.intake;
    const target = targets.intakeCeilingRatio;
    const rows = intake.patterns.map((p) => {
      const name = p.reuse ? 'with reused connections' : 'with one connection per message';
      const bare = ratioText(p.bare.map((r) => r.perSecond), p.anchor.map((r) => r.perSecond));
      const lyre = ratioText(p.lyre.map((r) => r.perSecond), p.bare.map((r) => r.perSecond));
      return `${name}, smtp-server alone reached ${bare} of smtp-sink's rate and Lyre ${lyre} of smtp-server's`;
    });
    // The target is judged on the weaker pattern, so that is where smtp-server alone is compared with it.
    const weaker = weakerPattern(intake);
    const bareWeaker =
      weaker.bare.length > 0 && weaker.anchor.length > 0
        ? median(weaker.bare.map((r) => r.perSecond)) / median(weaker.anchor.map((r) => r.perSecond))
        : NaN;
    const weakerName = weaker.reuse ? 'reused connections' : 'one connection per message';
    paragraphs.push(
      `**Intake.** The target is ${target} of smtp-sink's rate, for the weaker pattern. In this run, ${rows.join('; ')}. ` +
        (bareWeaker < target
          ? `With ${weakerName}, smtp-server alone stayed below the target, so no intake built on it, on one thread, reaches it on this machine. `
          : `smtp-server alone left little room for the work Lyre does per post. `) +
        'smtp-server parses every command line in JavaScript and answers each with its own socket write; smtp-source does not ' +
        'pipeline, so every command is a round trip through that code, on the same thread as everything else Lyre does. On top of it ' +
        'Lyre routes each recipient (a list look-up), checks the posting rule (a member look-up), commits the post and waits for its ' +
        'flush before the 250, then processes it (engine/pipeline/processor.ts, which creates the post and its deliveries for the ' +
        'posts committed together in one transaction, a savepoint each) and writes two log lines. ' +
        `The default smtp.greetingDelay of 100 ms, smtp-server's early-talker pause, caps one connection per message at ten posts per ` +
        `second per concurrent connection, ${10 * intake.sessions} per second with these ${intake.sessions} sessions. It is a wait, ` +
        'not CPU, and smtp.greetingDelay 0 turns it off.' +
        (intake.profile
          ? ` A CPU profile of one more run with reused connections (not counted in the figures) splits the main thread's ` +
            `${intake.profile.seconds.toFixed(1)} s from the first command to the last as follows:\n\n` +
            profileTable(intake.profile) +
            '\n\nSQLite here is the commit of each group of posts before their 250 replies, the posting rule\'s member look-up, ' +
            'and processing: per post one savepoint that reads it back, creates the post row and marks it processed, and one commit ' +
            'per batch of posts. Sockets and smtp-server are the cost of the protocol itself, which smtp-server alone shows in the table above.'
          : ''),
    );
  }
  return paragraphs;
}
