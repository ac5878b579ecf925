// The two benchmarks other developers wrote, run as they are, each in a child process:
// bench/bounces.ts (classifier accuracy and speed) and bench/admin-api.ts (the member
// table's first page on a large list).
import { join } from 'node:path';

import { runProgram } from './lib/processes.ts';

const tsx = ['--import', 'tsx'];

export interface BouncesRun {
  perSecond: number;
  /** The accuracy lines bench/bounces.ts prints, as they are. */
  summary: string[];
}

/** Run bench/bounces.ts on the bounce corpus in `corpus`. */
export async function measureBounces(corpus: string): Promise<BouncesRun> {
  const result = await runProgram(process.execPath, [...tsx, join(import.meta.dirname, 'bounces.ts'), corpus], 120_000);
  const speed = /speed:\s+(\d+) classifications per second/.exec(result.stdout);
  if (result.code !== 0 || !speed) {
    throw new Error(`bench/bounces.ts failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 500)}`);
  }
  const summary = result.stdout.split('\n').filter((line) => /^(corpus|recipients right|hard\/soft right|false positives):/.test(line));
  return { perSecond: Number(speed[1]), summary };
}

export interface AdminApiRun {
  members: number;
  runs: number;
  queries: Record<string, { medianMs: number; minMs: number; total: number }>;
}

export async function measureAdminApi(members: number, runs: number): Promise<AdminApiRun> {
  const args = [...tsx, join(import.meta.dirname, 'admin-api.ts'), '--members', String(members), '--runs', String(runs)];
  const result = await runProgram(process.execPath, args, 300_000);
  const start = result.stdout.indexOf('{');
  if (result.code !== 0 || start < 0) {
    throw new Error(`bench/admin-api.ts failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 500)}`);
  }
  return JSON.parse(result.stdout.slice(start)) as AdminApiRun;
}
