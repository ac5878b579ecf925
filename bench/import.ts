// Member import: parse a CSV of N rows (engine/members/import.ts parseMemberImport) and
// add them to a new list (importMembers), timed together and apart, on a fresh store.
import { importMembers, parseMemberImport } from '../engine/members/import.ts';
import { Store } from '../engine/store/index.ts';
import { listHost, tempFolder } from './lib/dataset.ts';

export interface ImportRun {
  rowsPerSecond: number;
  parseSeconds: number;
  importSeconds: number;
}

/** Build a CSV in the shape people export from other tools: a header, quoted names, some with commas. */
export function memberCsv(rows: number): string {
  const lines = ['email,name,company'];
  for (let i = 0; i < rows; i++) {
    const name = i % 5 === 0 ? `"Member, ${i}"` : `Member ${i}`;
    lines.push(`member${i}@d${i % 2000}.example.org,${name},Company ${i % 300}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function measureImport(rows: number, runs: number, log: (line: string) => void): ImportRun[] {
  const csv = memberCsv(rows);
  const results: ImportRun[] = [];
  for (let r = 0; r < runs; r++) {
    const folder = tempFolder('lyre-bench-import-');
    const store = Store.open(folder.path);
    try {
      const list = store.lists.create({ name: 'imported', host: listHost });
      const parseStarted = performance.now();
      const parsed = parseMemberImport(csv);
      const parseSeconds = (performance.now() - parseStarted) / 1000;
      const importStarted = performance.now();
      const result = importMembers(store, list.id, parsed.rows, { choice: 'quiet' });
      const importSeconds = (performance.now() - importStarted) / 1000;
      if (result.added !== rows || parsed.errors.length > 0) {
        throw new Error(`expected ${rows} members added, got ${result.added} and ${parsed.errors.length} errors`);
      }
      results.push({ rowsPerSecond: rows / (parseSeconds + importSeconds), parseSeconds, importSeconds });
      log(`  import run ${r + 1}: ${Math.round(results.at(-1)!.rowsPerSecond)} rows/s (parse ${parseSeconds.toFixed(2)} s, insert ${importSeconds.toFixed(2)} s)`);
    } finally {
      store.close();
      folder.remove();
    }
  }
  return results;
}

/** Run measureImport in a child process of its own, so the heap of this one does not weigh on it. */
export async function measureImportApart(rows: number, runs: number, log: (line: string) => void): Promise<ImportRun[]> {
  const { runProgram } = await import('./lib/processes.ts');
  const script = `import { measureImport } from ${JSON.stringify(import.meta.url)};
process.stdout.write(JSON.stringify(measureImport(${rows}, ${runs}, (line) => process.stderr.write(line + '\\n'))));`;
  const result = await runProgram(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], 600_000);
  if (result.code !== 0) throw new Error(`the import benchmark failed (exit ${result.code}): ${result.stderr.trim().slice(0, 500)}`);
  for (const line of result.stderr.split('\n')) if (line.trim()) log(line);
  return JSON.parse(result.stdout) as ImportRun[];
}
