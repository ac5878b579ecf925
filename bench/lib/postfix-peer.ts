import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

import { tempFolder } from './dataset.ts';
import { onInterrupt } from './interrupt.ts';
import { runProgram, treeCpuSeconds } from './processes.ts';

const postfixPath = '/usr/sbin/postfix';
const sendmailPath = '/usr/sbin/sendmail';
const postconfPath = '/usr/sbin/postconf';
/** Recipients per sendmail run: Linux limits a command line to ARG_MAX (2 MB here). */
const recipientsPerSubmission = 10_000;

/** Return null when a private Postfix can run here, or why it cannot. */
export function postfixPeerUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'a private Postfix instance needs root (the master process starts as root)';
  for (const path of [postfixPath, sendmailPath, postconfPath]) {
    if (!existsSync(path)) return `${path} is missing; install Debian's postfix package`;
  }
  return null;
}

/**
 * A private Postfix in a temp folder that relays everything to one loopback SMTP sink:
 * relayhost is the sink, nothing listens for SMTP, and local delivery is off. Used as
 * the peer a user would pick instead of Lyre: Postfix's own VERP, one copy and one
 * SMTP transaction per recipient.
 */
export class PostfixPeer {
  readonly configDir: string;
  readonly logFile: string;
  #cancelInterrupt: () => void = () => {};

  private constructor(
    readonly folder: { path: string; remove: () => void },
    readonly version: string,
  ) {
    this.configDir = join(folder.path, 'etc');
    this.logFile = join(folder.path, 'postfix.log');
  }

  /** Write the configuration and start the instance, relaying to `sinkHost:sinkPort` over `sessions` connections. */
  static async start(sinkHost: string, sinkPort: number, sessions: number): Promise<PostfixPeer> {
    const version = execFileSync(postconfPath, ['-d', '-h', 'mail_version']).toString().trim();
    const peer = new PostfixPeer(tempFolder('lyre-bench-postfix-'), version);
    // The master runs in a session of its own, so it would outlive an interrupted benchmark.
    peer.#cancelInterrupt = onInterrupt(() => execFileSync(postfixPath, ['-c', peer.configDir, 'stop'], { stdio: 'ignore', timeout: 20_000 }));
    peer.#writeConfig(sinkHost, sinkPort, sessions);
    const started = await runProgram(postfixPath, ['-c', peer.configDir, 'start'], 30_000);
    if (started.code !== 0) throw new Error(`postfix start failed: ${started.stderr.trim()}`);
    return peer;
  }

  #writeConfig(sinkHost: string, sinkPort: number, sessions: number): void {
    const dir = this.folder.path;
    chmodSync(dir, 0o755);
    for (const sub of ['etc', 'spool', 'data']) mkdirSync(join(dir, sub));
    const postfixUser = Number(execFileSync('id', ['-u', 'postfix']).toString().trim());
    chownSync(join(dir, 'data'), postfixUser, -1);

    const main = {
      compatibility_level: '3.6',
      config_directory: this.configDir,
      queue_directory: join(dir, 'spool'),
      data_directory: join(dir, 'data'),
      mail_owner: 'postfix',
      setgid_group: 'postdrop',
      myhostname: 'postfix-peer.bench.test',
      mydomain: 'bench.test',
      myorigin: '$myhostname',
      mydestination: '',
      inet_interfaces: 'loopback-only',
      inet_protocols: 'ipv4',
      mynetworks: '127.0.0.0/8',
      relayhost: `[${sinkHost}]:${sinkPort}`,
      default_transport: 'smtp',
      relay_transport: 'smtp',
      local_transport: 'error:local delivery is off in this instance',
      alias_maps: '',
      alias_database: '',
      smtp_tls_security_level: 'none',
      // As many parallel deliveries to the sink as Lyre gets sessions, from the first message on.
      default_destination_concurrency_limit: String(sessions),
      smtp_destination_concurrency_limit: String(sessions),
      initial_destination_concurrency: String(sessions),
      default_process_limit: String(sessions + 20),
      maillog_file: this.logFile,
      maillog_file_prefixes: dir,
      biff: 'no',
      delay_warning_time: '0',
    };
    const mainCf = Object.entries(main).map(([key, value]) => `${key} = ${value}`);
    writeFileSync(join(this.configDir, 'main.cf'), `${mainCf.join('\n')}\n`);

    // No inet service: mail enters through sendmail and postdrop only.
    const services = [
      'pickup    unix  n - n 60 1 pickup',
      'cleanup   unix  n - n -  0 cleanup',
      'qmgr      unix  n - n 300 1 qmgr',
      'rewrite   unix  - - n -  - trivial-rewrite',
      'bounce    unix  - - n -  0 bounce',
      'defer     unix  - - n -  0 bounce',
      'trace     unix  - - n -  0 bounce',
      'verify    unix  - - n -  1 verify',
      'flush     unix  n - n 1000? 0 flush',
      'proxymap  unix  - - n -  - proxymap',
      'showq     unix  n - n -  - showq',
      'error     unix  - - n -  - error',
      'retry     unix  - - n -  - error',
      'discard   unix  - - n -  - discard',
      'smtp      unix  - - n -  - smtp',
      'relay     unix  - - n -  - smtp',
      'anvil     unix  - - n -  1 anvil',
      'scache    unix  - - n -  1 scache',
      'postlog   unix-dgram n - n - 1 postlogd',
    ];
    writeFileSync(join(this.configDir, 'master.cf'), `${services.join('\n')}\n`);
  }

  /** Read the master process's id from its pid file. */
  masterPid(): number {
    return Number(readFileSync(join(this.folder.path, 'spool', 'pid', 'master.pid'), 'utf8').trim());
  }

  /** CPU seconds of the master and its daemons so far. */
  cpuSeconds(): number {
    return treeCpuSeconds(this.masterPid());
  }

  /**
   * Submit one message to every recipient with VERP (sendmail -XV), in runs of
   * `recipientsPerSubmission` recipients. Returns the CPU seconds of the sendmail runs.
   */
  async submitVerp(message: Buffer, sender: string, recipients: string[]): Promise<number> {
    let cpu = 0;
    for (let i = 0; i < recipients.length; i += recipientsPerSubmission) {
      const batch = recipients.slice(i, i + recipientsPerSubmission);
      const result = await runProgram(
        'bash',
        ['-c', `${sendmailPath} -C '${this.configDir}' -XV -i -f '${sender}' -- "$@" && times`, 'sendmail', ...batch],
        120_000,
        { input: message.toString('latin1') },
      );
      if (result.code !== 0) throw new Error(`sendmail -XV failed (exit ${result.code}): ${result.stderr.trim()}`);
      const childTimes = result.stdout.trim().split('\n').pop() ?? '';
      cpu += [...childTimes.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
    }
    return cpu;
  }

  /** Deliveries Postfix logged as sent so far. */
  sentCount(): number {
    if (!existsSync(this.logFile)) return 0;
    return readFileSync(this.logFile, 'utf8').split('status=sent').length - 1;
  }

  async remove(): Promise<void> {
    let master = 0;
    try {
      master = this.masterPid();
    } catch {
      // Not running: nothing to stop.
    }
    await runProgram(postfixPath, ['-c', this.configDir, 'stop'], 30_000);
    this.#cancelInterrupt();
    // The master exits after its daemons; wait for it before removing the queue.
    const deadline = Date.now() + 20_000;
    while (master > 0 && Date.now() < deadline && isAlive(master)) await new Promise((r) => setTimeout(r, 100));
    this.folder.remove();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
