// Lyre's benchmark: speed and memory, each beside an anchor measured in the same run
// on the same machine. Every server it talks to runs on loopback, started here.
// Usage: npm run bench [-- --quick] [--only fanout,sessions,intake,bounces,import,admin-api] [--report FILE]
// The full run writes docs/benchmarks.md, --report FILE writes that page for any run,
// and every run prints one JSON line last.
import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { measureAdminApi, measureBounces, type AdminApiRun, type BouncesRun } from './children.ts';
import { measureFanout, type FanoutResult } from './fanout.ts';
import { measureImportApart, type ImportRun } from './import.ts';
import { measureIntake, type IntakeResult } from './intake.ts';
import { describeMachine, sampleLoad, type LoadSample } from './lib/machine.ts';
import { postfixToolsMissing } from './lib/postfix-tools.ts';
import { renderReport, summaryLine, type BenchResults } from './lib/report.ts';
import { measureSessions, type SessionsRun } from './sessions.ts';
import { corpusPath } from '../test/helpers/corpus.ts';

const measurements = ['fanout', 'sessions', 'intake', 'bounces', 'import', 'admin-api'] as const;
type Measurement = (typeof measurements)[number];

/** Sizes and repetitions: --quick finishes in about three minutes, the full run in about fifteen. */
const plans = {
  quick: {
    fanoutMembers: [10_000],
    fanoutRuns: 1,
    sessionCounts: [100, 1000, 5000],
    sessionRuns: 1,
    intakeMessages: 2000,
    intakeDefaultDelayMessages: 400,
    intakeRuns: 1,
    importRows: 20_000,
    importRuns: 1,
    adminMembers: 20_000,
    adminRuns: 5,
    bounceRuns: 1,
  },
  full: {
    fanoutMembers: [10_000, 100_000],
    fanoutRuns: 3,
    sessionCounts: [100, 1000, 5000],
    sessionRuns: 3,
    intakeMessages: 5000,
    intakeDefaultDelayMessages: 1000,
    intakeRuns: 3,
    importRows: 100_000,
    importRuns: 3,
    adminMembers: 100_000,
    adminRuns: 15,
    bounceRuns: 3,
  },
};

/** Concurrent SMTP sessions for Lyre and for every anchor it is compared with. */
const fanoutSessions = 200;
const intakeSessions = 20;
const fanoutDomains = 1000;

const usage =
  'Usage: npm run bench [-- --quick] [--only NAMES] [--report FILE]\n' +
  `  --quick        every measurement small, in about three minutes; the full run takes about fifteen minutes\n` +
  `  --only NAMES   some of ${measurements.join(', ')}, separated by commas\n` +
  '  --report FILE  write the report page there; the full run writes docs/benchmarks.md';

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let values: { quick?: boolean; only?: string; report?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const plan = values.quick ? plans.quick : plans.full;
if (values.only !== undefined && values.only.trim() === '') fail(`--only is empty; give one or more of ${measurements.join(', ')}.`);
const selected = new Set<Measurement>(
  values.only !== undefined ? (values.only.split(',').map((name) => name.trim()) as Measurement[]) : measurements,
);
for (const name of selected) {
  if (!measurements.includes(name)) fail(`Unknown measurement ${JSON.stringify(name)} in --only; expected some of ${measurements.join(', ')}.`);
}
const partial = values.quick === true || values.only !== undefined;
const page = values.report ?? (partial ? null : join(import.meta.dirname, '..', 'docs', 'benchmarks.md'));
// Checked now, not after fifteen minutes of measuring.
if (page) {
  try {
    accessSync(dirname(resolve(page)), constants.W_OK);
  } catch {
    fail(`Cannot write the report ${JSON.stringify(page)}: its folder ${dirname(resolve(page))} does not exist or is not writable.`);
  }
}
const missing = postfixToolsMissing();
if (missing && (selected.has('fanout') || selected.has('intake') || selected.has('sessions'))) {
  console.error(`${missing}.`);
  process.exit(2);
}
const corpus = corpusPath('bounces');
if (selected.has('bounces') && corpus.missing) {
  console.error(`Leaving out the bounces measurement: ${corpus.missing}.`);
  selected.delete('bounces');
}

const log = (line: string) => console.log(line);
const args = process.argv.slice(2);
const command = `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
const startedAt = Date.now();
const loads: LoadSample[] = [await sampleLoad()];
log(`Lyre benchmark (${values.quick ? 'quick' : 'full'}), load average ${loads[0]!.loadAverage.map((n) => n.toFixed(2)).join(' ')}`);

const results: BenchResults = {
  quick: values.quick === true,
  partial,
  command,
  machine: describeMachine(),
  loads,
  seconds: 0,
  fanout: [],
  sessions: [],
  intake: null,
  intakeDefaultDelay: null,
  bounces: [],
  imports: [],
  adminApi: null,
  settings: { fanoutSessions, intakeSessions, fanoutDomains },
};

async function step(name: Measurement, run: () => Promise<void>): Promise<void> {
  if (!selected.has(name)) return;
  log(`\n${name}`);
  await run();
  loads.push(await sampleLoad(1000));
}

await step('fanout', async () => {
  for (const members of plan.fanoutMembers) {
    log(`  ${members} members over ${fanoutDomains} domains, ${fanoutSessions} sessions`);
    // The largest fan-out, whose figures are the headline, is also profiled.
    const result: FanoutResult = await measureFanout({
      members,
      domains: fanoutDomains,
      sessions: fanoutSessions,
      bodyBytes: 4000,
      runs: plan.fanoutRuns,
      peer: true,
      profile: members === plan.fanoutMembers.at(-1),
      timeoutMs: Math.max(120_000, members * 20),
      log,
    });
    results.fanout.push(result);
  }
});

await step('sessions', async () => {
  const runs: SessionsRun[] = [];
  for (let r = 0; r < plan.sessionRuns; r++) {
    runs.push(...(await measureSessions({ counts: plan.sessionCounts, holdSeconds: 300, log })));
  }
  results.sessions = runs;
});

await step('intake', async () => {
  const common = { sessions: intakeSessions, runs: plan.intakeRuns, timeoutMs: 300_000, log };
  log('  smtp.greetingDelay 0 (greeting at once, as smtp-sink)');
  results.intake = await measureIntake({ ...common, messages: plan.intakeMessages, settings: { 'smtp.greetingDelay': 0 }, profile: true });
  log('  smtp.greetingDelay 100 (the default)');
  const withDefault: IntakeResult = await measureIntake({ ...common, messages: plan.intakeDefaultDelayMessages, settings: {} });
  results.intakeDefaultDelay = withDefault;
});

await step('bounces', async () => {
  const runs: BouncesRun[] = [];
  for (let r = 0; r < plan.bounceRuns; r++) {
    runs.push(await measureBounces(corpus.path));
    log(`  bounces run ${r + 1}: ${runs.at(-1)!.perSecond} classified per second`);
  }
  results.bounces = runs;
});

await step('import', async () => {
  const runs: ImportRun[] = await measureImportApart(plan.importRows, plan.importRuns, log);
  results.imports = runs;
  results.importRows = plan.importRows;
});

await step('admin-api', async () => {
  const run: AdminApiRun = await measureAdminApi(plan.adminMembers, plan.adminRuns);
  log(`  first page with a search filter: ${run.queries.searchFirstPage?.medianMs} ms (median of ${run.runs})`);
  results.adminApi = run;
});

results.seconds = (Date.now() - startedAt) / 1000;
if (page) {
  try {
    writeFileSync(page, renderReport(results));
    log(`\nwrote ${page}`);
  } catch (error) {
    console.error(`\nFailed to write the report ${page}: ${(error as Error).message}. The figures are in the lines above.`);
    process.exitCode = 1;
  }
}
log(`\nfinished in ${Math.round(results.seconds)} s`);
console.log(JSON.stringify(summaryLine(results)));
