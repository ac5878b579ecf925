import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';

import { startEngine } from '../../engine/engine.ts';
import { tempDir } from '../helpers/temp-dir.ts';

test('busy SMTP port falls back and says why', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  const busyPort = (blocker.address() as { port: number }).port;
  const dir = tempDir();
  const engine = await startEngine({
    dataDir: dir.path,
    noLogFile: true,
    overrides: { 'smtp.port': busyPort, 'smtp.fallbackPort': 0, 'smtp.host': '127.0.0.1', 'http.port': 0 },
  });
  try {
    const smtp = engine.status().smtp;
    assert.equal(smtp.listening, true);
    assert.equal(smtp.fallback, true);
    assert.equal(smtp.requestedPort, busyPort);
    assert.notEqual(smtp.port, busyPort);
    assert.match(smtp.bindError ?? '', new RegExp(`${busyPort}`));
    assert.match(smtp.bindError ?? '', /in use|already/i);
    assert.ok((smtp.fix ?? '').length > 0, 'a fix is given');
    const warning = engine.logs.recent(50, 40).find((r) => r.msg === 'FALLBACK port in use');
    assert.ok(warning, 'the fallback is logged as a warning');
  } finally {
    await engine.stop(1000);
    blocker.close();
    dir.remove();
  }
});
