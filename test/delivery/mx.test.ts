import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import nodemailer from 'nodemailer';

import { MxResolver, ResolveError } from '../../engine/delivery/mx.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { MxNetwork } from '../helpers/mx-network.ts';
import { waitFor } from '../helpers/wait.ts';

let net: MxNetwork;
let t: TestEngine;

before(async () => {
  net = new MxNetwork([{ name: 'backup.test', ip: '127.0.0.7' }], {
    mx: {
      // The preferred host has no listener on 127.0.0.6, so delivery must move on to the backup.
      'ordered.test': [
        { exchange: 'backup.test', priority: 20 },
        { exchange: 'dead.test', priority: 10 },
      ],
      'nullmx.test': [{ exchange: '', priority: 0 }],
    },
    a: { 'dead.test': ['127.0.0.6'], 'plain.test': ['127.0.0.7'] },
  });
  await net.start();
  t = await startTestEngine({ settings: { ...net.settings(), 'delivery.retrySchedule': '1h' } });
});

after(async () => {
  await t.close();
  await net.close();
});

test('resolver orders MX and falls back to A', async () => {
  const resolver = new MxResolver(`127.0.0.1:${net.dns.port}`, 2525);
  const ordered = await resolver.resolve('ordered.test');
  assert.deepEqual(
    ordered.map((target) => target.host),
    ['dead.test', 'backup.test'],
  );
  const plain = await resolver.resolve('plain.test');
  assert.deepEqual(plain, [{ host: 'plain.test', ip: '127.0.0.7', port: 2525 }]);
});

test('resolver rejects null MX and unknown domains for good', async () => {
  const resolver = new MxResolver(`127.0.0.1:${net.dns.port}`, 2525);
  for (const domain of ['nullmx.test', 'missing.test']) {
    await assert.rejects(resolver.resolve(domain), (error: unknown) => {
      assert.ok(error instanceof ResolveError);
      assert.equal(error.permanent, true, domain);
      return true;
    });
  }
});

test('delivery tries the next MX and fails unknown domains', async () => {
  const store = t.engine.store;
  const list = store.lists.create({ name: 'team', host: 'lists.example.org', settings: { nonMemberPolicy: 'accept' } });
  for (const email of ['a@ordered.test', 'b@plain.test', 'c@missing.test', 'd@nullmx.test']) store.members.add(list.id, { email });
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: t.smtpPort, ignoreTLS: true });
  await client.sendMail({ from: 'author@example.org', to: 'team@lists.example.org', subject: 'MX', text: 'x\n' });
  await waitFor('the post to finish', () => store.posts.get(1)?.state === 'done');

  const byRcpt = new Map(store.deliveries.query({ postId: 1 }).deliveries.map((d) => [d.rcpt, d]));
  assert.equal(byRcpt.get('a@ordered.test')?.status, 'delivered');
  assert.match(byRcpt.get('a@ordered.test')?.remoteHost ?? '', /^backup\.test\[127\.0\.0\.7\]/);
  assert.equal(byRcpt.get('b@plain.test')?.status, 'delivered');
  assert.equal(byRcpt.get('c@missing.test')?.status, 'failed');
  assert.match(byRcpt.get('c@missing.test')?.reply ?? '', /not found: missing\.test/);
  assert.equal(byRcpt.get('d@nullmx.test')?.status, 'failed');
  assert.match(byRcpt.get('d@nullmx.test')?.reply ?? '', /null MX/);
  assert.equal(net.messages().length, 2);
});
