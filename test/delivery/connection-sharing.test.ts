import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import nodemailer from 'nodemailer';

import { MxResolver } from '../../engine/delivery/mx.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { MxNetwork } from '../helpers/mx-network.ts';
import { waitFor } from '../helpers/wait.ts';

const domainCount = 20;
const sessionsSeen = new Set<string>();
let net: MxNetwork;
let t: TestEngine;

before(async () => {
  const mx: Record<string, { exchange: string; priority: number }[]> = {};
  // Twenty domains hosted by one provider: two MX names, one address.
  for (let i = 0; i < domainCount; i++) mx[`hosted${i}.test`] = [{ exchange: `mx${i % 2}.provider.test`, priority: 10 }];
  net = new MxNetwork(
    [
      {
        name: 'mx0.provider.test',
        ip: '127.0.0.8',
        behaviour: {
          rcpt: (_address, session) => {
            sessionsSeen.add(session.id);
            return undefined;
          },
        },
      },
    ],
    { mx, a: { 'mx1.provider.test': ['127.0.0.8'] } },
  );
  await net.start();
  t = await startTestEngine({ settings: { ...net.settings(), 'delivery.concurrency': 1 } });
});

after(async () => {
  await t.close();
  await net.close();
});

test('domains on one MX address share a connection', async () => {
  const store = t.engine.store;
  const list = store.lists.create({ name: 'shared', host: 'lists.example.org', settings: { nonMemberPolicy: 'accept' } });
  for (let i = 0; i < domainCount * 2; i++) store.members.add(list.id, { email: `user${i}@hosted${i % domainCount}.test` });
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: t.smtpPort, ignoreTLS: true });
  await client.sendMail({ from: 'author@example.org', to: 'shared@lists.example.org', subject: 'Hello', text: 'Hi\n' });
  await waitFor('every copy', () => net.messages().length === domainCount * 2);

  // One session at a time: without sharing, every domain would need a connection of its own.
  assert.ok(sessionsSeen.size <= 3, `copies went over ${sessionsSeen.size} connections`);
  const rcpts = new Set(net.messages().map((m) => m.rcptTo[0]));
  assert.equal(rcpts.size, domainCount * 2);
});

test('resolver looks up many domains without timeouts', async () => {
  const resolver = new MxResolver(`127.0.0.1:${net.dns.port}`, 25);
  const results = await Promise.all(
    Array.from({ length: 400 }, (_, i) => resolver.resolve(`hosted${i % domainCount}.test`).then(() => 'ok', (e: Error) => e.message)),
  );
  assert.deepEqual([...new Set(results)], ['ok']);
});
