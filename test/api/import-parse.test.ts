import assert from 'node:assert/strict';
import { test } from 'node:test';

import { importMembers, parseMailbox, parseMemberImport } from '../../engine/members/import.ts';
import { Store } from '../../engine/store/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';

test('mailbox forms', () => {
  assert.deepEqual(parseMailbox('"Smith, Ann" <ann@example.org>'), { email: 'ann@example.org', name: 'Smith, Ann' });
  assert.deepEqual(parseMailbox('Ben Bo <ben@example.org>'), { email: 'ben@example.org', name: 'Ben Bo' });
  assert.deepEqual(parseMailbox('<cat@example.org>'), { email: 'cat@example.org', name: '' });
  assert.deepEqual(parseMailbox('dan@example.org (Dan D)'), { email: 'dan@example.org', name: 'Dan D' });
  assert.deepEqual(parseMailbox(' eve@example.org '), { email: 'eve@example.org', name: '' });
  assert.deepEqual(parseMailbox('"Q \\"T\\"" <q@example.org>'), { email: 'q@example.org', name: 'Q "T"' });
  assert.equal(parseMailbox('just a name'), null);
});

test('parse with BOM, header and fields', () => {
  const { rows, errors } = parseMemberImport('\ufeffE-mail,First Name,Last Name,City\r\nann@example.org,Ann,Lee,Oslo\r\nben@example.org,,,\r\n');
  assert.deepEqual(errors, []);
  assert.deepEqual(rows, [
    { line: 2, email: 'ann@example.org', name: 'Ann Lee', fields: { City: 'Oslo' } },
    { line: 3, email: 'ben@example.org', name: '', fields: {} },
  ]);
});

test('parse semicolons and quoted fields', () => {
  const { rows, errors } = parseMemberImport('"Lee; Ann";ann@example.org\nben@example.org;"Bo ""B"" Ben"\n');
  assert.deepEqual(errors, []);
  assert.deepEqual(rows.map((r) => [r.line, r.email, r.name]), [
    [1, 'ann@example.org', 'Lee; Ann'],
    [2, 'ben@example.org', 'Bo "B" Ben'],
  ]);
});

test('parse reports invalid and duplicate lines', () => {
  const text = ['ann@example.org', '', 'no address here', 'bob@', 'ANN@example.org', 'ann@EXAMPLE.org', 'x@y.org,"multi', 'line name"', 'z@y.org'].join('\n');
  const { rows, errors } = parseMemberImport(text);
  assert.deepEqual(rows.map((r) => [r.line, r.email]), [
    [1, 'ann@example.org'],
    [5, 'ANN@example.org'],
    [7, 'x@y.org'],
    [9, 'z@y.org'],
  ]);
  assert.equal(rows[2]!.name, 'multi\nline name');
  assert.deepEqual(errors.map((e) => [e.line, e.kind]), [
    [3, 'invalid'],
    [4, 'invalid'],
    [6, 'duplicate'],
  ]);
  assert.match(errors[0]!.reason, /no email address/);
  assert.match(errors[1]!.reason, /"bob@" is not a valid address/);
  assert.match(errors[2]!.reason, /line 1/);
});

test('parse reports an unclosed quote', () => {
  const { rows, errors } = parseMemberImport('ann@example.org\n"Open, quote <bob@example.org>\n');
  assert.equal(rows.length, 1);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.kind, 'invalid');
  assert.match(errors[0]!.reason, /not readable as CSV/);
});

test('import of 100,000 rows', () => {
  const dir = tempDir();
  const store = Store.open(dir.path);
  try {
    const list = store.lists.create({ name: 'big', host: 'lists.example.org' });
    const lines = ['email,name'];
    for (let i = 0; i < 100_000; i++) lines.push(`member${i}@d${i % 500}.example.org,"Member ${i}"`);

    // Its speed is measured by the benchmarks, not asserted here.
    const { rows, errors } = parseMemberImport(lines.join('\n'));
    const ticks: number[] = [];
    const result = importMembers(store, list.id, rows, { choice: 'quiet' }, (done) => ticks.push(done));

    assert.equal(errors.length, 0);
    assert.equal(result.added, 100_000);
    assert.equal(store.members.count(list.id), 100_000);
    assert.equal(ticks.length, 100);
    assert.equal(ticks.at(-1), 100_000);

    const again = importMembers(store, list.id, rows.slice(0, 10), { choice: 'quiet' });
    assert.equal(again.added, 0);
    assert.equal(again.existing, 10);
  } finally {
    store.close();
    dir.remove();
  }
});
