import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { test } from 'node:test';

import { serveAdminPort } from '../../engine/api/port.ts';
import { createPortClient } from '../../renderer/src/transport/port.ts';
import { startTestEngine } from '../helpers/engine.ts';
import { waitFor } from '../helpers/wait.ts';
import { rejectsWith } from './assert-error.ts';

test('renderer port client calls and events', async () => {
  const t = await startTestEngine();
  const channel = new MessageChannel();
  const stop = serveAdminPort(channel.port1, t.engine);
  const client = createPortClient(channel.port2);
  try {
    const statuses: boolean[] = [];
    client.on('server.status', (status) => statuses.push(status.smtp.listening));
    const list = await client.call('lists.create', { name: 'desk', host: 'example.org' });
    assert.equal(list.name, 'desk');
    await rejectsWith(client.call('lists.get', { listId: 999 }), 'not_found', 'lists.get', /List 999 not found/);
    await client.call('server.stopSmtp', {});
    await waitFor('status event', () => statuses.includes(false));
  } finally {
    client.close();
    stop();
    channel.port1.close();
    channel.port2.close();
    await t.close();
  }
});
