import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';

import { AdminCallError, createPortClient, serveAdminPort } from '../../engine/api/port.ts';
import { startEngine } from '../../engine/engine.ts';
import type { ParentChannel } from '../../engine/host/channel.ts';
import { EngineHost } from '../../engine/host/host.ts';
import type { HostEvent, HostRequest } from '../../engine/host/protocol.ts';
import { clientFromBridge, createAdminBridge } from '../../main/admin-bridge.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const LOOPBACK_PORTS = {
  'smtp.port': 0,
  'smtp.fallbackPort': 0,
  'smtp.host': '127.0.0.1',
  'http.port': 0,
  'http.host': '127.0.0.1',
} as const;

/** An in-process parent channel, as a utility process has it: messages can carry ports. */
function inProcessChannel(): {
  channel: ParentChannel;
  deliver(request: HostRequest, ports?: unknown[]): void;
  events: HostEvent[];
  next(type: HostEvent['type']): Promise<HostEvent>;
} {
  const events: HostEvent[] = [];
  const waiting: { type: string; resolve: (event: HostEvent) => void }[] = [];
  let listener: ((message: unknown, ports: unknown[]) => void) | null = null;
  return {
    events,
    channel: {
      kind: 'utility-process',
      onMessage: (callback) => (listener = callback),
      send(event) {
        events.push(event);
        const index = waiting.findIndex((waiter) => waiter.type === event.type);
        if (index !== -1) waiting.splice(index, 1)[0]?.resolve(event);
      },
      flush: async () => {},
      onDisconnect() {},
    },
    deliver: (request, ports = []) => listener?.(request, ports),
    next: (type) => {
      const seen = events.find((event) => event.type === type);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.push({ type, resolve }));
    },
  };
}

describe('EngineHost', () => {
  const dir = tempDir();
  const link = inProcessChannel();
  const exits: number[] = [];
  const channels: MessageChannel[] = [];

  before(async () => {
    new EngineHost(link.channel, {
      startEngine: (options) => startEngine({ ...options, noLogFile: true, overrides: LOOPBACK_PORTS }),
      serveAdminPort,
      exit: (code) => exits.push(code),
    }).listen();
    link.deliver({ type: 'start', dataDir: dir.path });
    await link.next('ready');
  });

  after(() => {
    for (const channel of channels) {
      channel.port1.close();
      channel.port2.close();
    }
    dir.remove();
  });

  test('ready carries pid and status', () => {
    const ready = link.events.find((event) => event.type === 'ready');
    assert.ok(ready?.type === 'ready');
    assert.equal(ready.pid, process.pid);
    assert.equal(typeof ready.status.queueSize, 'number');
    assert.equal(typeof ready.status.smtpPort, 'number');
    assert.ok((ready.status.smtpPort ?? 0) > 0, 'SMTP is not listening on a real port');
  });

  test('ping gets a pong with status', async () => {
    link.deliver({ type: 'ping', seq: 41 });
    const pong = await link.next('pong');
    assert.ok(pong.type === 'pong');
    assert.equal(pong.seq, 41);
    assert.equal(pong.status.deliveriesPerMinute, 0);
  });

  test('engine log lines reach main', () => {
    const logs = link.events.filter((event) => event.type === 'log');
    assert.ok(logs.length > 0, 'no log events were forwarded');
    const first = logs[0];
    assert.ok(first?.type === 'log');
    assert.equal(typeof first.record.level, 'number');
    assert.equal(typeof first.record.time, 'number');
  });

  test('admin port serves the admin API', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    link.deliver({ type: 'admin-port' }, [channel.port1]);
    const { bridge, attach } = createAdminBridge(createPortClient, { connectTimeoutMs: 2_000 });
    attach(channel.port2);

    const status = await bridge.call('server.status', {});
    assert.ok('result' in status, `server.status failed: ${JSON.stringify(status)}`);
    assert.equal((status.result as { running: boolean }).running, true);

    const missing = await bridge.call('lists.get', { listId: 9999 });
    assert.ok('error' in missing);
    assert.equal(missing.error.kind, 'not_found');
  });

  test('bridge waits for a port, then times out', async () => {
    const { bridge } = createAdminBridge(createPortClient, { connectTimeoutMs: 100 });
    const outcome = await bridge.call('server.status', {});
    assert.ok('error' in outcome);
    assert.equal(outcome.error.kind, 'unavailable');
    assert.match(outcome.error.message, /Start it from the tray menu/);
  });

  test('bridge keeps listeners across ports', async () => {
    const { bridge, attach } = createAdminBridge(createPortClient, { connectTimeoutMs: 2_000 });
    const statuses: unknown[] = [];
    bridge.on('server.status', (data) => statuses.push(data));
    const perRound: number[] = [];

    for (let round = 0; round < 2; round++) {
      const channel = new MessageChannel();
      channels.push(channel);
      link.deliver({ type: 'admin-port' }, [channel.port1]);
      attach(channel.port2);
      const before = statuses.length;
      const stopped = await bridge.call('server.stopSmtp', {});
      assert.ok('result' in stopped, `server.stopSmtp failed: ${JSON.stringify(stopped)}`);
      await bridge.call('server.startSmtp', {});
      await new Promise((resolve) => setTimeout(resolve, 200));
      perRound.push(statuses.length - before);
    }
    assert.ok((perRound[0] ?? 0) > 0, 'no server.status event arrived on the first port');
    assert.equal(perRound[1], perRound[0], 'the listener was lost or doubled on the second port');
  });

  test('renderer client rebuilds the error kind', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    link.deliver({ type: 'admin-port' }, [channel.port1]);
    const { bridge, attach } = createAdminBridge(createPortClient);
    attach(channel.port2);
    const client = clientFromBridge(bridge, (method, record) => new AdminCallError(method, record));

    await assert.rejects(client.call('lists.get', { listId: 9999 }), (error: unknown) => {
      assert.ok(error instanceof AdminCallError);
      assert.equal(error.kind, 'not_found');
      assert.equal(error.method, 'lists.get');
      return true;
    });
  });

  test('stop request stops and exits 0', async () => {
    link.deliver({ type: 'stop', timeoutMs: 1_000 });
    await link.next('stopped');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(exits, [0]);
  });
});

describe('EngineHost start failure', () => {
  test('bad data folder reports start-failed and exits 1', async () => {
    const link = inProcessChannel();
    const exits: number[] = [];
    new EngineHost(link.channel, {
      startEngine: (options) => startEngine({ ...options, noLogFile: true, overrides: LOOPBACK_PORTS }),
      serveAdminPort: () => () => {},
      exit: (code) => exits.push(code),
    }).listen();

    link.deliver({ type: 'start', dataDir: '/dev/null/lyre' });
    const failed = await link.next('start-failed');
    assert.ok(failed.type === 'start-failed');
    assert.match(failed.error.message, /\S/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(exits, [1]);
  });
});
