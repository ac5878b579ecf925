import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

/** The machine and the software a run measured, for the report. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  debian: string;
  node: string;
  sqlite: string;
  postfix: string;
  packages: Record<string, string>;
  commit: string;
}

const root = join(import.meta.dirname, '..', '..');
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function quiet(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return '';
  }
}

export function describeMachine(): MachineInfo {
  const db = new Database(':memory:');
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  const dirty = quiet('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']) !== '';
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    debian: existsSync('/etc/debian_version') ? readFileSync('/etc/debian_version', 'utf8').trim() : 'not Debian',
    node: process.version,
    sqlite,
    postfix: quiet('/usr/sbin/postconf', ['-d', '-h', 'mail_version']) || 'not installed',
    packages: Object.fromEntries(['smtp-server', 'nodemailer', 'better-sqlite3', 'pino', 'csv-parse', 'dns2'].map((n) => [n, packageVersion(n)])),
    commit: `${quiet('git', ['-C', root, 'rev-parse', '--short', 'HEAD']) || 'unknown'}${dirty ? ' with uncommitted changes' : ''}`,
  };
}

/** The load average and the busiest other processes, to judge how quiet the machine was. */
export interface LoadSample {
  at: string;
  loadAverage: [number, number, number];
  /** Other processes that used more than 5% of a core over the sample, with their share. */
  busy: string[];
}

function processTimes(): Map<number, { cpu: number; command: string }> {
  const times = new Map<number, { cpu: number; command: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      times.set(Number(name), { cpu: Number(fields[11]) + Number(fields[12]), command: command.slice(0, 80) });
    } catch {
      // The process ended while being read.
    }
  }
  return times;
}

/** Sample CPU use over `ms` milliseconds; the benchmark's own processes are left out. */
export async function sampleLoad(ms = 2000): Promise<LoadSample> {
  const before = processTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = processTimes();
  const own = new Set([process.pid]);
  const busy: { share: number; command: string }[] = [];
  for (const [pid, { cpu, command }] of after) {
    if (own.has(pid)) continue;
    const share = (cpu - (before.get(pid)?.cpu ?? cpu)) / clockTicks / (ms / 1000);
    if (share > 0.05) busy.push({ share, command });
  }
  busy.sort((a, b) => b.share - a.share);
  const [one, five, fifteen] = loadavg();
  return {
    at: new Date().toISOString(),
    loadAverage: [one!, five!, fifteen!],
    busy: busy.slice(0, 6).map((b) => `${b.command} (${Math.round(b.share * 100)}% of a core)`),
  };
}
