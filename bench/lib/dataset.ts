import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TokenSigner } from '../../engine/bounces/token.ts';
import { onInterrupt } from './interrupt.ts';
import { importMembers, type ImportRow } from '../../engine/members/import.ts';
import { copyChunks, preparePost, receivedLine } from '../../engine/shaping/compose.ts';
import type { List } from '../../engine/store/lists.ts';
import { Store } from '../../engine/store/index.ts';

export const listHost = 'lists.bench.test';

/** A data folder with one list and its members, made once and copied for each run. */
export interface Dataset {
  dir: string;
  list: List;
  listAddress: string;
  /** A member address, so the post passes the list's posting rule. */
  poster: string;
  members: number;
  remove(): void;
}

/** A new folder under the system's temp folder, also removed if the benchmark is interrupted. */
export function tempFolder(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const removeNow = () => rmSync(path, { recursive: true, force: true });
  const cancel = onInterrupt(removeNow);
  return {
    path,
    remove: () => {
      cancel();
      removeNow();
    },
  };
}

/** Return the address of member `i`, spread round-robin over `domains` domains. */
export function memberAddress(i: number, domains: number): string {
  return `member${i}@d${i % domains}.bench.test`;
}

/**
 * Create a store with list "bench" and `members` members spread over `domains` domains.
 * `posterMode` is the delivery mode of the first member, the poster: 'nomail' makes
 * a list whose posts have no copies, for measuring intake alone.
 */
export function createDataset(options: { members: number; domains: number; posterMode?: 'mail' | 'nomail' }): Dataset {
  const folder = tempFolder('lyre-bench-data-');
  const store = Store.open(folder.path);
  try {
    const list = store.lists.create({ name: 'bench', host: listHost, settings: { subjectPrefix: '[bench]' } });
    const rows: ImportRow[] = [];
    for (let i = 0; i < options.members; i++) {
      rows.push({ line: i + 1, email: memberAddress(i, options.domains), name: `Member ${i}`, fields: {} });
    }
    importMembers(store, list.id, rows, { choice: 'quiet' });
    if (options.posterMode === 'nomail') {
      store.db.prepare("UPDATE members SET mode = 'nomail' WHERE list_id = ? AND email = ?").run(list.id, rows[0]!.email);
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      dir: folder.path,
      list,
      listAddress: `bench@${listHost}`,
      poster: rows[0]?.email ?? `poster@d0.bench.test`,
      members: options.members,
      remove: folder.remove,
    };
  } finally {
    store.close();
  }
}

/** Copy a dataset's folder for one run, so every run starts from the same state. */
export function copyDataset(dataset: Dataset): { path: string; remove: () => void } {
  const folder = tempFolder('lyre-bench-run-');
  cpSync(dataset.dir, folder.path, { recursive: true });
  return folder;
}

/** Build a plain-text post of about `bodyBytes` bytes of body, with CRLF line ends. */
export function buildPost(from: string, to: string, bodyBytes: number): Buffer {
  const head = [
    `From: Bench Poster <${from}>`,
    `To: ${to}`,
    'Subject: Benchmark post',
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <bench.${Date.now()}.${process.pid}@d0.bench.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
  ];
  const line = 'The quick brown fox jumps over the lazy dog, and the list fans it out.';
  const body: string[] = [];
  let size = 0;
  while (size < bodyBytes) {
    body.push(line);
    size += line.length + 2;
  }
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${body.join('\r\n')}\r\n`, 'latin1');
}

/**
 * Compose one member's copy as Lyre does, with tokens of real length, so that the
 * anchors send messages of the same size.
 */
export function sampleCopy(post: Buffer, list: List, memberId: number): Buffer {
  const signer = new TokenSigner(Buffer.alloc(32, 7));
  const trace = receivedLine({ helo: 'client.bench.test', clientIp: '127.0.0.1', hostname: 'lyre.bench.test', id: '1', receivedAt: new Date() });
  const template = preparePost(post, list, trace);
  const chunks = copyChunks(template, { name: `Member ${memberId}` }, {
    memberHeaderValue: `${memberId}.${signer.sign('member', [memberId]).split('-')[1]}`,
    unsubscribeUrl: `http://localhost:8025/u/${signer.sign('unsubscribe', [memberId])}`,
    leaveAddress: `leave-${signer.sign('leave', [memberId])}@${listHost}`,
  });
  return Buffer.concat(chunks);
}

/** Write a message for smtp-source -F, which sends each line with CRLF and dot-stuffs it. */
export function writeSourceMessage(path: string, message: Buffer): void {
  writeFileSync(path, message.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
}
