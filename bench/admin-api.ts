// Times the admin API's first page of a 100,000-member list with a search filter,
// called through the contract dispatcher on a real store, and prints JSON.
// Usage: node --import tsx bench/admin-api.ts [--members N] [--runs N]
import { parseArgs } from 'node:util';

import { createDispatcher } from '../engine/api/dispatch.ts';
import { startEngine } from '../engine/engine.ts';
import { importMembers, parseMemberImport } from '../engine/members/import.ts';
import { tempDir } from '../test/helpers/temp-dir.ts';

const { values } = parseArgs({ options: { members: { type: 'string', default: '100000' }, runs: { type: 'string', default: '15' } } });
const memberCount = Number(values.members);
const runs = Number(values.runs);

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const dir = tempDir('lyre-bench-');
const engine = await startEngine({
  dataDir: dir.path,
  noLogFile: true,
  overrides: { 'smtp.port': 0, 'smtp.fallbackPort': 0, 'smtp.host': '127.0.0.1', 'http.port': 0, 'http.host': '127.0.0.1', 'log.level': 'warn' },
});
try {
  const list = engine.store.lists.create({ name: 'bench', host: 'lists.example.org' });
  const lines = ['email,name'];
  for (let i = 0; i < memberCount; i++) lines.push(`member${i}@d${i % 500}.example.org,Member ${i}`);
  const importStarted = performance.now();
  importMembers(engine.store, list.id, parseMemberImport(lines.join('\n')).rows, { choice: 'quiet' });
  const importMs = performance.now() - importStarted;

  const call = createDispatcher(engine);
  const cases = {
    firstPage: { listId: list.id, limit: 50 },
    searchFirstPage: { listId: list.id, search: 'member9999', limit: 50 },
    searchNoMatch: { listId: list.id, search: 'nobody-here', limit: 50 },
    lastPageByName: { listId: list.id, sort: 'name', offset: memberCount - 50, limit: 50 },
  };
  const results: Record<string, { medianMs: number; minMs: number; total: number }> = {};
  for (const [name, input] of Object.entries(cases)) {
    const samples: number[] = [];
    let total = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const outcome = await call('members.query', input);
      samples.push(performance.now() - started);
      if ('error' in outcome) throw new Error(outcome.error.message);
      total = (outcome.result as { total: number }).total;
    }
    results[name] = { medianMs: Number(median(samples).toFixed(2)), minMs: Number(Math.min(...samples).toFixed(2)), total };
  }

  console.log(JSON.stringify({ members: memberCount, runs, importMs: Math.round(importMs), node: process.version, queries: results }, null, 2));
} finally {
  await engine.stop(1000);
  dir.remove();
}
