import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { test } from 'node:test';

import { createPortClient, serveAdminPort } from '../../engine/api/port.ts';
import { createAdminBridge } from '../../main/admin-bridge.ts';
import { createBridgeClient } from '../../renderer/src/transport/bridge.ts';
import { startTestEngine } from '../helpers/engine.ts';
import { waitFor } from '../helpers/wait.ts';
import { rejectsWith } from './assert-error.ts';

test('bridge client over desktop bridge', async () => {
  const t = await startTestEngine();
  const channel = new MessageChannel();
  const stop = serveAdminPort(channel.port1, t.engine);
  const { bridge, attach } = createAdminBridge(createPortClient);
  attach(channel.port2);
  const client = createBridgeClient(bridge);
  try {
    const lines: string[] = [];
    client.on('log', (line) => lines.push(String(line.msg)));
    const list = await client.call('lists.create', { name: 'desk', host: 'example.org' });
    assert.equal(list.name, 'desk');
    await rejectsWith(client.call('lists.create', { name: 'desk', host: 'example.org' }), 'conflict', 'lists.create', /already exists/);
    await waitFor('CREATED log line', () => lines.includes('CREATED'));
  } finally {
    stop();
    channel.port1.close();
    channel.port2.close();
    await t.close();
  }
});
