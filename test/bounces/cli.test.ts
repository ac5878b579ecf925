import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const fixtures = join(import.meta.dirname, 'fixtures');

// A commander program with only the bounce commands, run in a child process so that its
// standard output is its own; a thrown error is printed as the engine's main() prints it.
const script = `
import { Command } from 'commander';
import { registerBounceCommands } from ${JSON.stringify(join(import.meta.dirname, '../../engine/cli/bounce.ts'))};
const program = new Command('lyre').exitOverride();
registerBounceCommands(program);
try {
  await program.parseAsync(process.argv.slice(1), { from: 'user' });
} catch (error) {
  process.stderr.write('lyre: ' + error.message + '\\n');
  process.exitCode = error.kind === 'not_found' ? 3 : 1;
}
`;

function run(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, 'bounce', ...args],
    {
      encoding: 'utf8',
    },
  );
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe('bounce classify command', () => {
  it('prints one JSON line per file', () => {
    const files = ['postfix-dsn-user-unknown.eml', 'vacation-autoreply.eml'].map((f) => join(fixtures, f));
    const { stdout, status } = run(['classify', '--json', ...files]);
    assert.equal(status, 0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.deepEqual(lines[0], {
      file: files[0],
      isBounce: true,
      recipients: ['alice.smith@example.net'],
      kind: 'hard',
      reason: 'userunknown',
      status: '5.1.1',
      mta: 'postfix',
      type: 'failure',
      memberId: '42.hV3kq9Zc',
    });
    assert.equal(lines[1]?.isBounce, false);
    assert.deepEqual(lines[1]?.recipients, []);
    assert.equal(lines[1]?.kind, null);
  });

  it('prints a readable line without --json', () => {
    const file = join(fixtures, 'qmail-two-recipients.eml');
    const { stdout, status } = run(['classify', file]);
    assert.equal(status, 0);
    assert.equal(
      stdout,
      `${file}: failure, hard userunknown 5.1.1 (qmail): erin@example.com, frank@example.org\n`,
    );
  });

  it('names a missing file and fails', () => {
    const present = join(fixtures, 'exim-failed.eml');
    const missing = join(fixtures, 'no-such-file.eml');
    const { stdout, stderr, status } = run(['classify', '--json', missing, present]);
    assert.equal(status, 3);
    assert.match(stderr, /File not found: .*no-such-file\.eml/);
    assert.equal(JSON.parse(stdout.trim()).file, present);
  });
});
