// Lyre's fan-out or intake alone, without the anchors, for comparing engine changes
// quickly: interleave it with the change applied and not. Figures for publishing come
// from bench/run.ts, which measures every anchor beside Lyre.
// Usage: node --import tsx bench/lyre-only.ts fanout|intake [MEMBERS_OR_MESSAGES] [RUNS] [reuse|single]
import { measureFanout } from './fanout.ts';
import { measureIntake } from './intake.ts';

const [what = 'fanout', sizeText, runsText, pattern] = process.argv.slice(2);
const runs = Number(runsText ?? 1);
const log = (line: string) => console.log(line);
if (what === 'fanout') {
  const members = Number(sizeText ?? 10_000);
  await measureFanout({ members, domains: 1000, sessions: 200, bodyBytes: 4000, runs, peer: false, ceiling: false, timeoutMs: Math.max(120_000, members * 20), log });
} else if (what === 'intake') {
  const messages = Number(sizeText ?? 2000);
  await measureIntake({ messages, sessions: 20, runs, settings: { 'smtp.greetingDelay': 0 }, timeoutMs: 300_000, log, anchors: false, reuse: pattern ? [pattern === 'reuse'] : [false, true] });
} else {
  console.error(`Unknown measurement ${JSON.stringify(what)}: expected fanout or intake.`);
  process.exit(2);
}
