import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { OutboundSession, SendOutcome } from './outcome.ts';

/**
 * A "session" that writes each message to an .eml file instead of sending it, for
 * trying Lyre out safely. The envelope goes in Return-Path and X-Lyre-Envelope-To
 * lines at the top, where a local delivery agent would put it.
 */
export class CaptureSession implements OutboundSession {
  readonly usable = true;
  readonly remoteHost: string;

  constructor(private readonly dir: string) {
    this.remoteHost = `capture:${dir}`;
  }

  async send(envelope: { from: string; to: string }, chunks: Buffer[]): Promise<SendOutcome> {
    try {
      await mkdir(this.dir, { recursive: true });
      const head = Buffer.from(`Return-Path: <${envelope.from}>\r\nX-Lyre-Envelope-To: <${envelope.to}>\r\n`);
      const file = join(this.dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.eml`);
      // Written under a dot name and renamed, so a reader of the folder never sees half a message.
      const partial = join(this.dir, `.${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`);
      await writeFile(partial, Buffer.concat([head, ...chunks]));
      await rename(partial, file);
      return { kind: 'delivered', remoteHost: this.remoteHost, replyCode: 250, reply: `250 written to ${file}` };
    } catch (error) {
      return {
        kind: 'temporary',
        remoteHost: this.remoteHost,
        replyCode: null,
        reply: `capture failed: ${(error as Error).message}`,
      };
    }
  }

  async close(): Promise<void> {}
}
