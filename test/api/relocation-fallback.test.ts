import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { after, before, describe, test } from 'node:test';

import Fastify, { type FastifyInstance } from 'fastify';

import type { AdminClient } from '../../engine/api/envelope.ts';
import { registerAdminHttp } from '../../engine/api/http.ts';
import { createPortClient, serveAdminPort } from '../../engine/api/port.ts';
import { startEngine, type RunningEngine } from '../../engine/engine.ts';
import { setAdminPassword } from '../../engine/web/admin-password.ts';
import { createHttpClient } from '../../renderer/src/transport/http.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { banners, FakeMta } from '../relay/fake-mta.ts';
import { adminPassword, cookieFetch, fetchEvents, transports, type TransportName } from './harness.ts';

// A fake Postfix listens on the port Lyre is configured for, as the machine's MTA
// listens on port 25 before relocation, so Lyre must fall back and say why.
let postfix: FakeMta;
let busyPort: number;
let engine: RunningEngine;
let app: FastifyInstance;
let baseUrl: string;
const data = tempDir();

before(async () => {
  postfix = new FakeMta(banners.postfix!);
  busyPort = await postfix.listen();
  engine = await startEngine({
    dataDir: data.path,
    noLogFile: true,
    overrides: {
      'smtp.port': busyPort,
      'smtp.fallbackPort': 0,
      'smtp.host': '127.0.0.1',
      'http.port': 0,
      'http.host': '127.0.0.1',
    },
  });
  await setAdminPassword(engine.store, adminPassword);
  app = Fastify({ logger: false });
  await registerAdminHttp(app, engine);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

after(async () => {
  await app?.close();
  await engine?.stop(2000);
  await postfix?.close();
  data.remove();
});

async function connect(transport: TransportName): Promise<{ client: AdminClient; close: () => void }> {
  if (transport === 'http') {
    const fetcher = cookieFetch();
    const client = createHttpClient({ baseUrl, fetch: fetcher, openEvents: fetchEvents(fetcher).open });
    await client.login(adminPassword);
    return { client, close: () => client.close() };
  }
  const channel = new MessageChannel();
  const stop = serveAdminPort(channel.port1, engine);
  const client = createPortClient(channel.port2);
  return {
    client,
    close() {
      client.close();
      stop();
      channel.port1.close();
      channel.port2.close();
    },
  };
}

for (const transport of transports) {
  describe(`fallback port over ${transport}`, () => {
    test('status names the bind error and fix', async () => {
      const { client, close } = await connect(transport);
      try {
        const { smtp } = await client.call('server.status', {});
        assert.equal(smtp.listening, true);
        assert.equal(smtp.fallback, true);
        assert.equal(smtp.requestedPort, busyPort);
        assert.ok(smtp.port !== null, 'a fallback port is bound');
        assert.notEqual(smtp.port, busyPort);
        assert.equal(smtp.bindError, `Port ${busyPort} is already used by Postfix.`);
        assert.match(smtp.fix ?? '', /following the relocation guide/);
        assert.match(smtp.fix ?? '', /^lyre relocation guide postfix$/m);
      } finally {
        close();
      }
    });

    test('detect names the MTA on the taken port', async () => {
      const { client, close } = await connect(transport);
      try {
        const result = await client.call('relocation.detect', { address: `127.0.0.1:${busyPort}` });
        assert.equal(result.software?.id, 'postfix');
        const { guide } = await client.call('relocation.guide', { mta: result.software!.id });
        assert.equal(guide?.name, 'Postfix');
      } finally {
        close();
      }
    });
  });
}
