import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';

import { startTestEngine } from '../helpers/engine.ts';

/** Connect, optionally write at once, and return the first line received with the time it took. */
function firstLine(port: number, early?: string): Promise<{ line: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => {
      if (early) socket.write(early);
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n');
      if (end === -1) return;
      socket.destroy();
      resolve({ line: text.slice(0, end), ms: Date.now() - started });
    });
    socket.on('error', reject);
  });
}

test('default greeting rejects early talkers', async () => {
  const t = await startTestEngine();
  try {
    const { line } = await firstLine(t.smtpPort, 'EHLO bot.example\r\n');
    assert.match(line, /^421 .*too soon/i);
    const polite = await firstLine(t.smtpPort);
    assert.match(polite.line, /^220 .*Lyre ESMTP/);
    assert.ok(polite.ms >= 90, `greeted after ${polite.ms} ms`);
  } finally {
    await t.close();
  }
});

test('zero greeting delay greets at once', async () => {
  const t = await startTestEngine({ settings: { 'smtp.greetingDelay': 0 } });
  try {
    const { line, ms } = await firstLine(t.smtpPort);
    assert.match(line, /^220 .*Lyre ESMTP/);
    assert.ok(ms < 90, `greeted after ${ms} ms`);
  } finally {
    await t.close();
  }
});

test('longer greeting delay waits', async () => {
  const t = await startTestEngine({ settings: { 'smtp.greetingDelay': 400 } });
  try {
    const { line, ms } = await firstLine(t.smtpPort);
    assert.match(line, /^220 /);
    assert.ok(ms >= 380, `greeted after ${ms} ms`);
    const early = await firstLine(t.smtpPort, 'EHLO bot.example\r\n');
    assert.match(early.line, /^421 /);
  } finally {
    await t.close();
  }
});
