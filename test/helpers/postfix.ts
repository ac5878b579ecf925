import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { tempDir } from './temp-dir.ts';
import { waitFor } from './wait.ts';

const run = promisify(execFile);
const POSTFIX = '/usr/sbin/postfix';

/**
 * Return null when a private Postfix can run here, or the reason it cannot. When
 * Postfix is missing and this is a Debian machine run as root, it is installed from
 * Debian's packages first, preseeded to "No configuration" so that no system-wide
 * mail server is set up or started.
 */
export function postfixUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'a private Postfix instance needs Linux';
  if (process.getuid?.() !== 0) return 'starting a private Postfix instance needs root (postfix start runs the master as root)';
  if (existsSync(POSTFIX)) return null;
  if (!existsSync('/usr/bin/apt-get')) return `Postfix is not installed (${POSTFIX} is missing) and apt-get is not available`;

  try {
    installPostfix();
  } catch (error) {
    return `installing Postfix with apt-get failed: ${(error as Error).message}`;
  }
  return existsSync(POSTFIX) ? null : `apt-get install postfix finished but ${POSTFIX} is still missing`;
}

function installPostfix(): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const preseed = 'postfix postfix/main_mailer_type select No configuration\npostfix postfix/mailname string localhost\n';
  execFileSync('debconf-set-selections', { input: preseed, env });
  // flock serialises test files that install at the same time.
  const install = ['/tmp/lyre-apt.lock', 'apt-get', 'install', '-y', '-q', 'postfix'];
  try {
    execFileSync('flock', install, { env, stdio: 'ignore', timeout: 300_000 });
  } catch {
    execFileSync('flock', ['/tmp/lyre-apt.lock', 'apt-get', 'update', '-q'], { env, stdio: 'ignore', timeout: 300_000 });
    execFileSync('flock', install, { env, stdio: 'ignore', timeout: 300_000 });
  }
}

export interface PostfixOptions {
  /** The domain Postfix delivers locally (mydestination). */
  domain?: string;
  /** Local parts with a Maildir each; other addresses in the domain get 550 at RCPT. */
  users?: string[];
}

/**
 * A private Postfix instance in a temp folder: its own config_directory,
 * queue_directory and data_directory, listening only on 127.0.0.1 on a free port,
 * delivering mail for one test domain into a Maildir per user under the folder. It
 * never sends mail anywhere: relayhost is empty, every non-local transport is the
 * error transport, and recipients outside the domain are rejected at RCPT TO.
 */
export class PostfixInstance {
  readonly host = '127.0.0.1';
  readonly domain: string;
  readonly users: string[];
  readonly dir: string;
  readonly configDir: string;
  readonly logFile: string;
  port = 0;
  readonly #folder: { path: string; remove: () => void };

  private constructor(options: PostfixOptions) {
    this.domain = options.domain ?? 'lyre-test.example';
    this.users = options.users ?? ['alice', 'bob'];
    this.#folder = tempDir('lyre-postfix-');
    this.dir = this.#folder.path;
    this.configDir = join(this.dir, 'etc');
    this.logFile = join(this.dir, 'postfix.log');
  }

  /** Write the configuration and start the instance. */
  static async start(options: PostfixOptions = {}): Promise<PostfixInstance> {
    const instance = new PostfixInstance(options);
    instance.port = await freePort();
    instance.#writeConfig();
    await instance.startAgain();
    return instance;
  }

  /** Return the Maildir path of one user. */
  maildir(user: string): string {
    return join(this.dir, 'mail', user);
  }

  /** Read every message delivered to `user`, oldest first, as Postfix wrote them (LF line ends). */
  messages(user: string): string[] {
    const files: { path: string; name: string }[] = [];
    for (const sub of ['new', 'cur']) {
      const folder = join(this.maildir(user), sub);
      if (!existsSync(folder)) continue;
      for (const name of readdirSync(folder)) files.push({ path: join(folder, name), name });
    }
    // Maildir file names start with the delivery time in seconds, then a sequence.
    files.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    return files.map((file) => readFileSync(file.path, 'utf8'));
  }

  /** Wait until `user` has at least `count` messages. */
  async waitForMessages(user: string, count = 1, timeoutMs = 20_000): Promise<string[]> {
    await waitFor(`${count} message(s) in ${user}'s Maildir`, () => this.messages(user).length >= count, timeoutMs);
    return this.messages(user);
  }

  /** Postfix's own log (maillog_file). */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  async startAgain(): Promise<void> {
    await run(POSTFIX, ['-c', this.configDir, 'start']);
    await waitFor(`Postfix listening on ${this.host}:${this.port}`, () => canConnect(this.host, this.port), 20_000);
  }

  async stop(): Promise<void> {
    await run(POSTFIX, ['-c', this.configDir, 'stop']).catch(() => undefined);
    await waitFor(`Postfix to close ${this.host}:${this.port}`, async () => !(await canConnect(this.host, this.port)), 20_000);
  }

  /** Stop the instance and delete its folder. */
  async remove(): Promise<void> {
    await this.stop();
    this.#folder.remove();
  }

  #writeConfig(): void {
    const dir = this.dir;
    chmodSync(dir, 0o755);
    for (const sub of ['etc', 'spool', 'data', 'mail']) mkdirSync(join(dir, sub));
    const postfixUser = Number(execFileSync('id', ['-u', 'postfix']).toString().trim());
    chownSync(join(dir, 'data'), postfixUser, -1);
    // local(8) writes alias-file deliveries as the default_privs user, "nobody" by default.
    chmodSync(join(dir, 'mail'), 0o777);

    const disabled = 'error:this test instance delivers nothing outside its own domain';
    const main = {
      compatibility_level: '3.6',
      config_directory: this.configDir,
      queue_directory: join(dir, 'spool'),
      data_directory: join(dir, 'data'),
      mail_owner: 'postfix',
      setgid_group: 'postdrop',
      myhostname: 'postfix-test.localhost',
      mydomain: 'localhost',
      myorigin: '$myhostname',
      mydestination: this.domain,
      inet_interfaces: '127.0.0.1',
      inet_protocols: 'ipv4',
      mynetworks: '127.0.0.0/8',
      relayhost: '',
      default_transport: disabled,
      relay_transport: disabled,
      smtpd_relay_restrictions: 'reject_unauth_destination',
      alias_maps: `texthash:${join(this.configDir, 'aliases')}`,
      alias_database: '',
      local_recipient_maps: '$alias_maps',
      allow_mail_to_files: 'alias',
      // Leave headers as they come, so a test can compare the delivered bytes.
      local_header_rewrite_clients: '',
      smtpd_banner: '$myhostname ESMTP $mail_name ($mail_version)',
      smtpd_authorized_xforward_hosts: '127.0.0.0/8',
      smtputf8_enable: 'yes',
      maillog_file: this.logFile,
      maillog_file_prefixes: dir,
      biff: 'no',
      delay_warning_time: '0',
    };
    const mainCf = Object.entries(main)
      .map(([key, value]) => `${key} = ${value}`)
      .join('\n');
    writeFileSync(join(this.configDir, 'main.cf'), `${mainCf}\n`);

    // chroot is "n" everywhere: a chroot would need copies of system files in the spool.
    const services = [
      `${this.host}:${this.port} inet n - n - - smtpd`,
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
      'local     unix  - n n -  - local',
      'anvil     unix  - - n -  1 anvil',
      'scache    unix  - - n -  1 scache',
      'postlog   unix-dgram n - n - 1 postlogd',
    ];
    writeFileSync(join(this.configDir, 'master.cf'), `${services.join('\n')}\n`);

    // A trailing slash makes local(8) deliver into a Maildir.
    const aliases = [...this.users, 'postmaster'].map((user) => `${user} ${this.maildir(user)}/`);
    writeFileSync(join(this.configDir, 'aliases'), `${aliases.join('\n')}\n`);
  }
}

/** Find a port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
