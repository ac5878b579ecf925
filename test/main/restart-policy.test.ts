import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RestartPolicy } from '../../main/restart-policy.ts';

const options = { initialDelayMs: 1_000, maxDelayMs: 5_000, maxCrashes: 5, windowMs: 180_000 };

test('restart delay doubles up to the maximum', () => {
  const policy = new RestartPolicy({ ...options, maxCrashes: 10 });
  const delays = [0, 1, 2, 3, 4].map((i) => policy.recordCrash(i * 1_000));

  assert.deepEqual(
    delays.map((decision) => (decision.restart ? decision.delayMs : null)),
    [1_000, 2_000, 4_000, 5_000, 5_000],
  );
});

test('restart gives up at the crash limit', () => {
  const policy = new RestartPolicy(options);
  for (let i = 0; i < 4; i++) assert.equal(policy.recordCrash(i * 10_000).restart, true);

  const fifth = policy.recordCrash(40_000);
  assert.equal(fifth.restart, false);
  assert.equal(fifth.recentCrashes, 5);
});

test('restart forgets crashes outside the window', () => {
  const policy = new RestartPolicy(options);
  for (let i = 0; i < 4; i++) policy.recordCrash(i * 1_000);

  const later = policy.recordCrash(200_000);
  assert.equal(later.restart, true);
  assert.equal(later.recentCrashes, 1);
  assert.equal(later.restart && later.delayMs, 1_000);
});

test('restart reset clears the count', () => {
  const policy = new RestartPolicy(options);
  for (let i = 0; i < 5; i++) policy.recordCrash(i);
  policy.reset();

  assert.equal(policy.recordCrash(10).recentCrashes, 1);
});

test('restart window reads in minutes', () => {
  assert.equal(new RestartPolicy(options).describeWindow(), '5 crashes within 3 min');
  assert.equal(new RestartPolicy({ ...options, windowMs: 90_000 }).describeWindow(), '5 crashes within 90 s');
});
