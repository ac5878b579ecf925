import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Command, CommanderError } from 'commander';

import { registerRelocationCommands } from '../../engine/cli/relocation.ts';
import { freePort } from '../helpers/postfix.ts';
import { banners, FakeMta } from './fake-mta.ts';

/** Run `lyre ARGS` with only the relocation commands; returns what it printed and the CommanderError, if any. */
async function runCli(args: string[]): Promise<{ out: string; error: CommanderError | null }> {
  let out = '';
  const sink = {
    write(chunk: string | Uint8Array): boolean {
      out += chunk.toString();
      return true;
    },
  };
  const program = new Command('lyre').option('--json', 'print results as JSON').exitOverride();
  registerRelocationCommands(program, sink);
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync(args, { from: 'user' });
    return { out, error: null };
  } catch (error) {
    if (error instanceof CommanderError) return { out, error };
    throw error;
  }
}

describe('lyre relocation', () => {
  it('detect prints the software and the next step', async () => {
    const fake = new FakeMta(banners.exim!);
    const port = await fake.listen();
    try {
      const { out } = await runCli(['relocation', 'detect', `127.0.0.1:${port}`]);
      assert.match(out, new RegExp(`^127\\.0\\.0\\.1:${port} answers as Exim 4\\.96\\.$`, 'm'));
      assert.match(out, /^Extensions: SIZE 8BITMIME PIPELINING/m);
      assert.match(out, /lyre relocation guide exim$/m);
    } finally {
      await fake.close();
    }
  });

  it('detect --json prints the result object', async () => {
    const port = await freePort();
    const { out } = await runCli(['relocation', 'detect', `127.0.0.1:${port}`, '--json']);
    const result = JSON.parse(out) as { outcome: string; port: number };
    assert.equal(result.outcome, 'nothing-listening');
    assert.equal(result.port, port);
  });

  it('guide prints steps with the target filled in', async () => {
    const { out } = await runCli(['relocation', 'guide', 'postfix', '--to', '127.0.0.1:2600']);
    assert.match(out, /^Move Postfix to 127\.0\.0\.1:2600$/m);
    assert.match(out, /^ {4}127\.0\.0\.1:2600 inet n - y - - smtpd$/m);
    assert.match(out, /^ {4}postfix reload$/m);
    assert.match(out, /^To undo:$/m);
    assert.doesNotMatch(out, /\{(host|port|hostport)\}/);
  });

  it('guide accepts other names', async () => {
    const { out } = await runCli(['relocation', 'guide', 'Microsoft Exchange', '--json']);
    const { guide } = JSON.parse(out) as { guide: { id: string; target: { port: number } } };
    assert.equal(guide.id, 'exchange');
    assert.equal(guide.target.port, 2526);
  });

  it('guide rejects an unknown MTA', async () => {
    await assert.rejects(runCli(['relocation', 'guide', 'zmailer']), /No relocation guide for "zmailer": expected one of postfix, sendmail/);
  });

  it('verify succeeds on a relocated server', async () => {
    const fake = new FakeMta({ greeting: ['220 mail.example.org ESMTP Postfix (3.7.11)'], ehlo: banners.postfix!.ehlo! });
    const port = await fake.listen();
    try {
      const { out, error } = await runCli(['relocation', 'verify', `127.0.0.1:${port}`]);
      assert.equal(out, `Answered as Postfix 3.7.11 on 127.0.0.1:${port}.\n`);
      assert.equal(error, null);
    } finally {
      await fake.close();
    }
  });

  it('verify exits 1 when nothing listens', async () => {
    const port = await freePort();
    const { out, error } = await runCli(['relocation', 'verify', `127.0.0.1:${port}`, '--json']);
    assert.equal((JSON.parse(out) as { outcome: string }).outcome, 'nothing-listening');
    assert.equal(error?.exitCode, 1);
  });

  it('verify rejects an address without a port', async () => {
    await assert.rejects(runCli(['relocation', 'verify', '127.0.0.1']), /Missing port in "127\.0\.0\.1"/);
  });
});
