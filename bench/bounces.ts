// Scores the bounce classifier on the development corpus and measures its speed.
// Usage: npm run bench:bounces [-- CORPUS_DIR] (default $LYRE_CORPUS/bounces, else
// shared/corpus/bounces beside the repository, as the tests look for it).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

import { classifyBounce } from '../engine/bounces/classify/index.ts';
import { corpusPath } from '../test/helpers/corpus.ts';

interface Expected {
  file: string;
  is_bounce: boolean | null;
  message_type: string;
  recipients: string[] | null;
  recipients_alt: string[][] | null;
  kind: string;
  reason: string | null;
  status: string | null;
  mta: string | null;
}

const found = corpusPath('bounces');
const corpus = resolve(process.argv[2] ?? found.path);
if (!process.argv[2] && found.missing) {
  console.error(`${found.missing}, or give the folder as the first argument.`);
  process.exit(2);
}
const expected = readFileSync(join(corpus, 'expected.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Expected);
const messages = expected.map((e) => ({ expected: e, raw: readFileSync(join(corpus, e.file)) }));

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...new Set(a)].every((x) => b.includes(x));

const wrong = { recipients: [] as string[], kind: [] as string[], falsePositive: [] as string[] };
let recipientTotal = 0;
let kindTotal = 0;
let nonBounceTotal = 0;

for (const { expected: e, raw } of messages) {
  const report = classifyBounce(raw);
  const found = [...new Set(report.recipients.map((r) => r.address))];

  if (e.is_bounce === true && e.recipients !== null) {
    recipientTotal += 1;
    const accepted = [e.recipients, ...(e.recipients_alt ?? [])];
    if (!accepted.some((set) => sameSet(found, set))) {
      wrong.recipients.push(
        `${e.file}: expected ${JSON.stringify(e.recipients)}, got ${JSON.stringify(found)}`,
      );
    }
  }
  if (e.is_bounce === true && (e.kind === 'hard' || e.kind === 'soft')) {
    kindTotal += 1;
    if (report.kind !== e.kind)
      wrong.kind.push(`${e.file}: expected ${e.kind}, got ${report.kind} (${report.type})`);
  }
  if (e.is_bounce === false) {
    nonBounceTotal += 1;
    if (report.isBounce) wrong.falsePositive.push(`${e.file}: ${e.message_type} classified as a bounce`);
  }
}

// Speed: classify the whole corpus repeatedly for at least two seconds.
let classified = 0;
const started = performance.now();
while (performance.now() - started < 2000) {
  for (const { raw } of messages) classifyBounce(raw);
  classified += messages.length;
}
const perSecond = classified / ((performance.now() - started) / 1000);

const percent = (right: number, total: number) =>
  total === 0 ? 'n/a' : `${((100 * right) / total).toFixed(1)}%`;
console.log(`corpus: ${corpus} (${messages.length} messages)`);
console.log(
  `recipients right: ${recipientTotal - wrong.recipients.length}/${recipientTotal} ${percent(recipientTotal - wrong.recipients.length, recipientTotal)} (target 97%)`,
);
console.log(
  `hard/soft right:  ${kindTotal - wrong.kind.length}/${kindTotal} ${percent(kindTotal - wrong.kind.length, kindTotal)} (target 95%)`,
);
console.log(`false positives:  ${wrong.falsePositive.length}/${nonBounceTotal} non-bounces (target 0)`);
console.log(`speed:            ${Math.round(perSecond)} classifications per second`);
for (const [label, list] of Object.entries(wrong)) {
  if (list.length === 0) continue;
  console.log(`\nwrong ${label}:`);
  for (const line of list) console.log(`  ${line}`);
}
