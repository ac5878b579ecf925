import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir();
const bin = join(import.meta.dirname, '../../bin/lyre.js');
after(() => dir.remove());

/** Run `lyre` on the test's data folder, as a user would. */
function lyre(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, '--data', dir.path, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('list create, set and show', () => {
  assert.equal(lyre('list', 'create', 'team', '--host', 'Lists.Example.org').status, 0);
  assert.equal(lyre('list', 'set', 'team', 'subject-prefix', '[team]').status, 0);
  assert.equal(lyre('list', 'set', 'team', 'posters', 'a@example.org, b@example.org').status, 0);
  const shown = JSON.parse(lyre('--json', 'list', 'show', 'team').stdout) as { host: string; settings: { subjectPrefix: string; posters: string[] } };
  assert.equal(shown.host, 'lists.example.org');
  assert.equal(shown.settings.subjectPrefix, '[team]');
  assert.deepEqual(shown.settings.posters, ['a@example.org', 'b@example.org']);
});

test('member add, import and list', () => {
  assert.equal(lyre('member', 'add', 'team', 'alice@example.org', '--name', 'Alice').status, 0);
  const csv = join(dir.path, 'members.csv');
  writeFileSync(csv, 'email,name,city\nbob@example.net,Bob,Oslo\nnot-an-address,X,Y\ncarol@example.com,Carol,Rome\n');
  const imported = lyre('member', 'import', 'team', csv);
  assert.equal(imported.status, 0);
  assert.match(imported.stdout, /2 added/);
  assert.match(imported.stdout, /line 3 \("not-an-address,X,Y"\): /);
  const listed = JSON.parse(lyre('--json', 'member', 'list', 'team').stdout) as { total: number; members: { email: string; fields: Record<string, string> }[] };
  assert.equal(listed.total, 3);
  assert.equal(listed.members.find((m) => m.email === 'bob@example.net')?.fields.city, 'Oslo');
});

test('config set validates and get reads back', () => {
  assert.equal(lyre('config', 'set', 'delivery.mode', 'capture').status, 0);
  assert.equal(lyre('config', 'get', 'delivery.mode').stdout.trim(), 'capture');
  const bad = lyre('config', 'set', 'smtp.port', 'abc');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Invalid value "abc" for smtp\.port: expected a whole number\./);
  const unknown = lyre('config', 'set', 'smtp.nonsense', '1');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown setting "smtp\.nonsense"; `lyre config get` lists every setting/);
});

test('bad values name the value and exit non-zero', () => {
  const cases: [string[], RegExp][] = [
    [['list', 'create', 'my list', '--host', 'example.org'], /Invalid list name "my list"/],
    [['list', 'create', 'x', '--host', 'example.org', '--type', 'forum'], /Invalid --type "forum"/],
    [['member', 'add', 'team', 'no-at-sign'], /Invalid email address "no-at-sign"/],
    [['member', 'add', 'nolist', 'a@example.org'], /List "nolist" not found/],
    [['deliveries', 'abc'], /Invalid post id "abc"/],
    [['deliveries', '999'], /Post 999 not found/],
    [['member', 'list', 'team', '--status', 'gone'], /Invalid --status "gone"/],
  ];
  for (const [args, message] of cases) {
    const result = lyre(...args);
    assert.notEqual(result.status, 0, `lyre ${args.join(' ')} exits non-zero`);
    assert.match(result.stderr, message, `lyre ${args.join(' ')}`);
  }
});

test('status works with no server running', () => {
  const result = lyre('--json', 'status');
  assert.equal(result.status, 0);
  const status = JSON.parse(result.stdout) as { running: boolean; lists: number; queueSize: number };
  assert.equal(status.running, false);
  assert.equal(status.lists, 1);
  assert.equal(status.queueSize, 0);
});

test('nested bounce settings are set by dotted keys', () => {
  assert.equal(lyre('list', 'set', 'team', 'bounce.hold-after', '3').status, 0);
  assert.equal(lyre('list', 'set', 'team', 'bounce.removeHeldAfterDays', '30').status, 0);
  const shown = JSON.parse(lyre('--json', 'list', 'show', 'team').stdout) as { settings: { bounce: { holdAfter: number; removeHeldAfterDays: number; resetAfterDays: number } } };
  assert.equal(shown.settings.bounce.holdAfter, 3);
  assert.equal(shown.settings.bounce.removeHeldAfterDays, 30);
  assert.equal(shown.settings.bounce.resetAfterDays, 14, 'other keys keep their values');
  const bad = lyre('list', 'set', 'team', 'bounce.hold-after', 'many');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Invalid value "many" for bounce\.hold-after: expected a whole number/);
  const unknown = lyre('list', 'set', 'team', 'bounce.nonsense', '1');
  assert.match(unknown.stderr, /known settings: .*bounce\.hold-after/);
});

test('enum and number errors read plainly', () => {
  const mode = lyre('config', 'set', 'delivery.mode', 'bogus');
  assert.match(mode.stderr, /Invalid value "bogus" for delivery\.mode: expected one of mx, smarthost, capture\./);
  const port = lyre('config', 'set', 'smtp.port', '70000');
  assert.match(port.stderr, /Invalid value "70000" for smtp\.port: expected at most 65535\./);
});
