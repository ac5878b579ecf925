import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Transform } from 'node:stream';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { encodeData } from '../../engine/delivery/data-encoding.ts';

// nodemailer's DataStream is not among its exports, so it is loaded by file.
const nodemailerMain = createRequire(import.meta.url).resolve('nodemailer');
const dataStreamUrl = pathToFileURL(join(dirname(nodemailerMain), 'smtp-connection', 'data-stream.js')).href;
const DataStream = ((await import(dataStreamUrl)) as { default: new () => Transform }).default;

/** What nodemailer's DataStream writes for the same chunks: the reference encoding. */
function reference(chunks: Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const stream = new DataStream();
    const out: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(out)));
    stream.on('error', reject);
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
}

const cases: Record<string, string[]> = {
  'clean CRLF text': ['Subject: a\r\n\r\nbody\r\n'],
  'dot at line start': ['a\r\n.hidden\r\n..two\r\n'],
  'dot at message start': ['.first\r\n'],
  'bare LF lines': ['a\nb\n.c\n'],
  'bare CR': ['a\rb\r.c\r\n'],
  'CR at chunk end, LF next': ['a\r', '\nb\r\n'],
  'CR at chunk end, dot next': ['a\r', '.b\r\n'],
  'LF at chunk end, dot next': ['a\r\n', '.b\r\n'],
  'no final line end': ['a\r\nlast'],
  'final bare CR': ['a\r'],
  'empty chunks between': ['a\r\n', '', '.b\r\n'],
};

for (const [name, parts] of Object.entries(cases)) {
  test(`encoding matches nodemailer: ${name}`, async () => {
    const chunks = parts.map((p) => Buffer.from(p, 'latin1'));
    assert.equal(Buffer.concat(encodeData(chunks)).toString('latin1'), (await reference(chunks)).toString('latin1'));
  });
}

test('encoding matches nodemailer on random input', async () => {
  // A fixed linear congruential sequence, so a failure reproduces.
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const alphabet = ['\r', '\n', '.', 'a', ' ', '\r\n', '\r\n.'];
  for (let round = 0; round < 300; round++) {
    const chunks: Buffer[] = [];
    const count = 1 + (next() % 4);
    for (let c = 0; c < count; c++) {
      let text = '';
      const length = next() % (c === 1 ? 1500 : 40);
      for (let i = 0; i < length; i++) text += alphabet[next() % alphabet.length];
      chunks.push(Buffer.from(text, 'latin1'));
    }
    const ours = Buffer.concat(encodeData(chunks)).toString('latin1');
    assert.equal(ours, (await reference(chunks)).toString('latin1'), `round ${round}: ${JSON.stringify(chunks.map(String))}`);
  }
});

test('shared chunk is encoded once', () => {
  const body = Buffer.from(`\r\n${'.line\r\n'.repeat(200)}`, 'latin1');
  const first = encodeData([Buffer.from('A: 1\r\n'), body]);
  const second = encodeData([Buffer.from('A: 2\r\n'), body]);
  assert.notEqual(first[1], body);
  assert.equal(first[1], second[1]);
});
