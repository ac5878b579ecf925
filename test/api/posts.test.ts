import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import nodemailer from 'nodemailer';

import type { AdminEvents } from '../../engine/api/contract.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { waitFor } from '../helpers/wait.ts';
import { rejectsWith } from './assert-error.ts';
import { startHarness, transports } from './harness.ts';

for (const transport of transports) {
  describe(`post methods over ${transport}`, () => {
    test('progress, deliveries, filters and resend', async () => {
      const sink = new SmtpSink({
        rcpt: (address) => (address.startsWith('fail') ? { code: 550, message: '5.1.1 No such user here' } : undefined),
      });
      const sinkPort = await sink.listen();
      const h = await startHarness(transport, {
        settings: { 'delivery.mode': 'smarthost', 'delivery.smarthost': `127.0.0.1:${sinkPort}`, 'delivery.smarthostTls': 'none' },
      });
      try {
        const list = await h.client.call('lists.create', { name: 'team', host: 'lists.example.org' });
        await h.client.call('members.import', {
          listId: list.id,
          text: 'alice@example.org\nbob@example.net\nfail@example.net\n',
          importId: 'setup',
        });
        const progressEvents: AdminEvents['post.progress'][] = [];
        h.client.on('post.progress', (event) => progressEvents.push(event));

        const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.t.smtpPort, secure: false, ignoreTLS: true });
        await smtp.sendMail({ from: 'alice@example.org', to: 'team@lists.example.org', subject: 'Agenda', text: 'Hello\n' });

        const post = await waitFor('post done', async () => {
          const { posts } = await h.client.call('posts.list', { listId: list.id });
          return posts[0]?.state === 'done' ? posts[0] : undefined;
        });
        assert.ok(post);
        assert.equal(post.subject, 'Agenda');
        assert.equal(post.listName, 'team');
        assert.deepEqual(post.progress, { total: 3, queued: 0, deferred: 0, delivered: 2, failed: 1, remaining: 0 });
        await waitFor('a done progress event', () => progressEvents.some((e) => e.postId === post.id && e.done));

        const failed = await h.client.call('posts.deliveries', { postId: post.id, status: 'failed' });
        assert.equal(failed.total, 1);
        assert.equal(failed.deliveries[0]!.rcpt, 'fail@example.net');
        assert.equal(failed.deliveries[0]!.replyCode, 550);
        assert.match(failed.deliveries[0]!.reply!, /No such user/);
        assert.deepEqual(failed.domains, [
          { domain: 'example.net', count: 2 },
          { domain: 'example.org', count: 1 },
        ]);
        const byDomain = await h.client.call('posts.deliveries', { postId: post.id, domain: 'example.net' });
        assert.deepEqual(byDomain.deliveries.map((d) => d.rcpt).sort(), ['bob@example.net', 'fail@example.net']);
        const delivered = await h.client.call('posts.deliveries', { postId: post.id, status: 'delivered', search: 'alice' });
        assert.equal(delivered.deliveries[0]!.remoteHost !== null, true);

        const attempts = await h.client.call('posts.attempts', { deliveryId: failed.deliveries[0]!.id });
        assert.deepEqual(attempts.map((a) => a.action), ['FAILED']);

        assert.deepEqual(await h.client.call('posts.resendFailed', { postId: post.id }), { requeued: 1 });
        await waitFor('second failed attempt', async () => {
          const again = await h.client.call('posts.attempts', { deliveryId: failed.deliveries[0]!.id });
          return again.length === 2;
        });
        const after = await waitFor('post done again', async () => {
          const read = await h.client.call('posts.get', { postId: post.id });
          return read.state === 'done' ? read : undefined;
        });
        assert.ok(after);
        assert.equal(after.progress.failed, 1);
        assert.equal(sink.messages.length, 2);

        await rejectsWith(h.client.call('posts.get', { postId: 999 }), 'not_found', 'posts.get');
        await rejectsWith(h.client.call('posts.deliveries', { postId: post.id, status: 'lost' as 'failed' }), 'invalid', 'posts.deliveries');
      } finally {
        await h.close();
        await sink.close();
      }
    });
  });
}
