import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

import { tempFolder } from './dataset.ts';
import { onInterrupt } from './interrupt.ts';
import { cpuSecondsOf, freePort, runProgram, stopChild, waitForExit } from './processes.ts';

export const smtpSinkPath = '/usr/sbin/smtp-sink';
export const smtpSourcePath = '/usr/sbin/smtp-source';

/** Return null when Postfix's test tools are installed, or what to install. */
export function postfixToolsMissing(): string | null {
  for (const path of [smtpSinkPath, smtpSourcePath]) {
    if (!existsSync(path)) return `${path} is missing; install Debian's postfix package (apt-get install postfix), which brings smtp-sink and smtp-source`;
  }
  return null;
}

export interface SinkOptions {
  /** A loopback address, 127.0.0.2 by default. */
  host?: string;
  /** Concurrent connections the sink serves (smtp-sink -m); more wait in the listen queue. */
  maxConnections?: number;
  /** Reply delays as smtp-sink -W takes them, for example `.:120` (seconds before the reply to the final dot). */
  delays?: string[];
}

/**
 * Postfix's smtp-sink, run as a child on a loopback address: it accepts every message
 * and throws it away. Its running counters (-c) give the number of messages received.
 * They go to a file rather than a pipe, because reading a pipe written once per message
 * would cost this process, which shares the machine with the sender, a wake-up each time.
 */
export class PostfixSink {
  readonly #waiters: { count: number; resolve: (at: number) => void }[] = [];
  #output = '';
  #poll: NodeJS.Timeout | undefined;
  #cancelInterrupt: () => void = () => {};

  private constructor(
    readonly child: ChildProcess,
    readonly host: string,
    readonly port: number,
    private readonly folder: { path: string; remove: () => void },
    private readonly counterFd: number,
  ) {
    child.stderr!.on('data', (chunk: Buffer) => (this.#output += chunk.toString('latin1')));
  }

  static async start(options: SinkOptions = {}): Promise<PostfixSink> {
    const host = options.host ?? '127.0.0.2';
    const port = await freePort(host);
    const args = ['-u', 'nobody', '-c', '-m', String(options.maxConnections ?? 1000)];
    for (const delay of options.delays ?? []) args.push('-W', delay);
    args.push(`${host}:${port}`, '4096');
    // The sink needs a descriptor per connection, beyond the default soft limit for
    // thousands of sessions. The shell stops the sink when its standard input closes,
    // which also happens when this process dies; on Ctrl-C, onInterrupt stops both.
    const script = [
      'ulimit -n "$(ulimit -Hn)"',
      `${smtpSinkPath} ${args.map((a) => `'${a}'`).join(' ')} &`,
      'echo "sink-pid $!" >&2',
      'read -r _',
      'kill $! 2>/dev/null',
      'wait',
    ].join('\n');
    const folder = tempFolder('lyre-bench-sink-');
    const counters = openSync(join(folder.path, 'counters.txt'), 'w+');
    const child = spawn('bash', ['-c', script], { stdio: ['pipe', counters, 'pipe'] });
    const sink = new PostfixSink(child, host, port, folder, counters);
    sink.#cancelInterrupt = onInterrupt(() => {
      if (sink.pid > 0) process.kill(sink.pid, 'SIGTERM');
      child.kill('SIGTERM');
    });
    await sink.#waitListening();
    return sink;
  }

  /** The process id of smtp-sink itself, not of the shell around it. */
  get pid(): number {
    return Number(/sink-pid (\d+)/.exec(this.#output)?.[1] ?? 0);
  }

  /** Messages received so far: the last counter line in the file. */
  get messages(): number {
    const size = fstatSync(this.counterFd).size;
    const tail = Buffer.alloc(Math.min(size, 256));
    readSync(this.counterFd, tail, 0, tail.length, size - tail.length);
    const text = tail.toString('latin1');
    const at = text.lastIndexOf('mesg=');
    return at === -1 ? 0 : Number(/^mesg=(\d+)/.exec(text.slice(at))?.[1] ?? 0);
  }

  async #waitListening(): Promise<void> {
    const deadline = Date.now() + 10_000;
    const { createConnection } = await import('node:net');
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`smtp-sink exited: ${this.#output.trim()}`);
      const open = await new Promise<boolean>((resolve) => {
        const socket = createConnection({ host: this.host, port: this.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      if (open) {
        // The probe is a session of its own; wait for its counter line so that counts start from it.
        await new Promise((r) => setTimeout(r, 50));
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`smtp-sink did not listen on ${this.host}:${this.port} within 10 s`);
  }

  /** Resolve with the time (Date.now, to within 10 ms) at which the counter reached `count`. */
  waitForMessages(count: number, timeoutMs: number): Promise<number> {
    if (this.messages >= count) return Promise.resolve(Date.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`smtp-sink received ${this.messages} of ${count} messages within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push({
        count,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
      this.#poll ??= setInterval(() => this.#check(), 10);
    });
  }

  #check(): void {
    const messages = this.messages;
    const now = Date.now();
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      if (messages >= this.#waiters[i]!.count) this.#waiters.splice(i, 1)[0]!.resolve(now);
    }
    if (this.#waiters.length === 0) {
      clearInterval(this.#poll);
      this.#poll = undefined;
    }
  }

  cpuSeconds(): number {
    return cpuSecondsOf(this.pid);
  }

  async stop(): Promise<void> {
    if (this.#poll) clearInterval(this.#poll);
    this.child.stdin!.end();
    await waitForExit(this.child, 5000);
    await stopChild(this.child);
    this.#cancelInterrupt();
    closeSync(this.counterFd);
    this.folder.remove();
  }
}

export interface SourceOptions {
  host: string;
  port: number;
  sessions: number;
  messages: number;
  /** A pre-formatted message (smtp-source -F). */
  messageFile: string;
  /** Reuse each connection for the next message (smtp-source -d); false opens one connection per message. */
  reuse: boolean;
  from: string;
  to: string;
  timeoutMs: number;
}

/** Run Postfix's smtp-source to its end; returns the wall time and its own CPU seconds. */
export async function runSmtpSource(options: SourceOptions): Promise<{ seconds: number; cpuSeconds: number }> {
  const args = ['-s', String(options.sessions), '-m', String(options.messages), '-F', options.messageFile];
  args.push('-f', options.from, '-t', options.to, '-M', 'source.bench.test');
  if (options.reuse) args.push('-d');
  args.push(`${options.host}:${options.port}`);
  // bash's `times` prints the CPU time of the shell's children on its second line.
  const script = `${smtpSourcePath} ${args.map((a) => `'${a}'`).join(' ')} && times`;
  const started = performance.now();
  const result = await runProgram('bash', ['-c', script], options.timeoutMs);
  const seconds = (performance.now() - started) / 1000;
  if (result.code !== 0) {
    throw new Error(`smtp-source failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
  const childTimes = result.stdout.trim().split('\n').pop() ?? '';
  const cpuSeconds = [...childTimes.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { seconds, cpuSeconds };
}
