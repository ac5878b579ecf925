// Prints the functions with the most self time in a V8 CPU profile (node --cpu-prof),
// and the same grouped by package or engine folder.
// Usage: node --import tsx bench/profile-top.ts FILE.cpuprofile [COUNT]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

const [file, countText] = process.argv.slice(2);
if (!file) {
  console.error('Usage: node --import tsx bench/profile-top.ts FILE.cpuprofile [COUNT]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
const count = Number(countText ?? 30);
const totalHits = profile.nodes.reduce((sum, node) => sum + node.hitCount, 0);
const seconds = (profile.endTime - profile.startTime) / 1e6;

function place(url: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  const local = /\/work\/[^/]+\/([^/]+\/[^/]+)/.exec(url);
  if (local) return local[1]!;
  return url.startsWith('node:') ? url : url || '(native)';
}

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const node of profile.nodes) {
  const frame = node.callFrame;
  const short = frame.url.replace(/^.*\/(node_modules|work\/[^/]+)\//, '');
  const key = `${frame.functionName || '(anonymous)'} ${short}:${frame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + node.hitCount);
  byPlace.set(place(frame.url), (byPlace.get(place(frame.url)) ?? 0) + node.hitCount);
}

const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, hits] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`${((100 * hits) / totalHits).toFixed(1).padStart(5)}%  ${key}`);
  }
};
console.log(`${file}: ${seconds.toFixed(1)} s profiled, ${totalHits} samples`);
show('self time by function', byFunction);
show('self time by package or folder', byPlace);

// Inclusive time: a function's own samples plus those of everything it called.
const nodesById = new Map(profile.nodes.map((node) => [node.id, node]));
const inclusive = new Map<number, number>();
function total(node: ProfileNode): number {
  const cached = inclusive.get(node.id);
  if (cached !== undefined) return cached;
  let sum = node.hitCount;
  for (const child of node.children ?? []) sum += total(nodesById.get(child)!);
  inclusive.set(node.id, sum);
  return sum;
}
const byFunctionInclusive = new Map<string, number>();
function walk(node: ProfileNode, onStack: Set<string>): void {
  const frame = node.callFrame;
  const short = frame.url.replace(/^.*\/(node_modules|work\/[^/]+)\//, '');
  const key = `${frame.functionName || '(anonymous)'} ${short}:${frame.lineNumber + 1}`;
  // Count a function once per stack, so recursion does not add its time twice.
  if (!onStack.has(key)) byFunctionInclusive.set(key, (byFunctionInclusive.get(key) ?? 0) + total(node));
  const next = new Set(onStack).add(key);
  for (const child of node.children ?? []) walk(nodesById.get(child)!, next);
}
walk(profile.nodes[0]!, new Set());
show('inclusive time by function', byFunctionInclusive);
