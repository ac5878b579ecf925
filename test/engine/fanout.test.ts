import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import libmime from 'libmime';
import nodemailer from 'nodemailer';

import { corpusPath } from '../helpers/corpus.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { MxNetwork } from '../helpers/mx-network.ts';
import { waitFor } from '../helpers/wait.ts';

const corpus = corpusPath('posts');
const corpusDir = corpus.path;
const posts = corpus.missing
  ? []
  : readdirSync(corpusDir)
      .filter((f) => f.endsWith('.eml'))
      .sort();
const domainCount = 50;
const memberCount = 1000;

/** Domain i is served by: 0 mx-a, 1 mx-b, 2 mx-temp (451 first), 3 mx-perm (550 for "gone"), 4 its own A record. */
function domainKind(i: number): 'a' | 'b' | 'temp' | 'perm' | 'fallback' {
  return (['a', 'b', 'temp', 'perm', 'fallback'] as const)[i % 5]!;
}

/** The addresses the 4xx host refuses once per post: user0, user200, ... at their domains. */
function greylisted(address: string): boolean {
  const n = Number(/^user(\d+)@/.exec(address)?.[1] ?? -1);
  return n >= 0 && Math.floor(n / 50) % 4 === 0;
}

function bodyOf(raw: Buffer): Buffer {
  const split = raw.indexOf('\r\n\r\n');
  return raw.subarray(split + 4);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('fan-out of the real posts', { skip: corpus.missing }, () => {
  let net: MxNetwork;
  let t: TestEngine;
  const seenTemp = new Set<string>();
  const memberIds = new Map<string, number>();

  before(async () => {
    const mx: Record<string, { exchange: string; priority: number }[]> = {};
    const a: Record<string, string[]> = {};
    for (let i = 0; i < domainCount; i++) {
      const kind = domainKind(i);
      if (kind === 'fallback') a[`d${i}.test`] = ['127.0.0.2'];
      else mx[`d${i}.test`] = [{ exchange: `mx-${kind}.test`, priority: 10 }];
    }
    net = new MxNetwork(
      [
        { name: 'mx-a.test', ip: '127.0.0.2', behaviour: { digestOnly: true } },
        { name: 'mx-b.test', ip: '127.0.0.3', behaviour: { digestOnly: true } },
        {
          name: 'mx-temp.test',
          ip: '127.0.0.4',
          behaviour: {
            digestOnly: true,
            // A quarter of the addresses are refused once per post with 451, then accepted.
            rcpt: (address, session) => {
              if (!greylisted(address)) return undefined;
              const key = `${session.envelope.mailFrom && session.envelope.mailFrom.address}|${address}`;
              if (seenTemp.has(key)) return undefined;
              seenTemp.add(key);
              return { code: 451, message: '4.7.1 Greylisted, try again later' };
            },
          },
        },
        {
          name: 'mx-perm.test',
          ip: '127.0.0.5',
          behaviour: {
            digestOnly: true,
            rcpt: (address) =>
              address.startsWith('gone') ? { code: 550, message: '5.1.1 No such user here' } : undefined,
          },
        },
      ],
      { mx, a },
    );
    await net.start();
    t = await startTestEngine({
      settings: {
        ...net.settings(),
        'delivery.retrySchedule': '1s',
        'delivery.throttleBackoff': 50,
        'delivery.concurrency': 100,
      },
    });

    const store = t.engine.store;
    const list = store.lists.create({
      name: 'team',
      host: 'lists.example.org',
      settings: { subjectPrefix: '[team]' },
    });
    store.db.transaction(() => {
      for (let j = 0; j < memberCount; j++) {
        const domain = j % domainCount;
        const local = domainKind(domain) === 'perm' && j % 3 === 0 ? `gone${j}` : `user${j}`;
        const name = j % 7 === 0 ? `Zoë Müller ${j}` : `User ${j}`;
        const member = store.members.add(list.id, { email: `${local}@d${domain}.test`, name });
        memberIds.set(member.email, member.id);
      }
    })();

    const client = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.smtpPort,
      ignoreTLS: true,
      pool: false,
    });
    for (const file of posts) {
      const raw = readFileSync(join(corpusDir, file));
      await client.sendMail({ envelope: { from: 'user0@d0.test', to: ['team@lists.example.org'] }, raw });
    }
    await waitFor(
      'every post to finish',
      () =>
        store.posts.recent({ kind: 'post', limit: 100 }).every((p) => p.state === 'done') &&
        store.posts.recent({ kind: 'post' }).length === posts.length,
      300_000,
      200,
    );
  });

  after(async () => {
    await t?.close();
    await net?.close();
  });

  test('every member gets exactly one copy of each post', () => {
    const perPost = new Map<number, Map<string, number>>();
    for (const m of net.messages()) {
      const postId = Number.parseInt(m.mailFrom.split('-')[1]!, 36);
      const counts = perPost.get(postId) ?? new Map<string, number>();
      counts.set(m.rcptTo[0]!, (counts.get(m.rcptTo[0]!) ?? 0) + 1);
      perPost.set(postId, counts);
    }
    const failing = [...memberIds.keys()].filter((e) => e.startsWith('gone')).length;
    assert.equal(perPost.size, posts.length);
    for (const [postId, counts] of perPost) {
      assert.equal(counts.size, memberCount - failing, `post ${postId}: members reached`);
      for (const [rcpt, n] of counts) assert.equal(n, 1, `post ${postId}: copies for ${rcpt}`);
    }
  });

  test('copies carry member headers and a signed envelope', () => {
    for (const m of net.messages()) {
      const rcpt = m.rcptTo[0]!;
      const memberId = memberIds.get(rcpt)!;
      const [, post36, member36] =
        /^bounce-([0-9a-z]+)-([0-9a-z]+)-[a-z2-7]{16}@lists\.example\.org$/.exec(m.mailFrom) ?? [];
      assert.equal(Number.parseInt(member36!, 36), memberId, `envelope member of ${rcpt}`);
      const token = m.mailFrom.slice('bounce-'.length, m.mailFrom.indexOf('@'));
      assert.deepEqual(t.engine.signer.verify('bounce', token, 2), [Number.parseInt(post36!, 36), memberId]);
      assert.match(m.head, new RegExp(`^X-Lyre-Member-ID: ${memberId}\\.[a-z2-7]+\\r$`, 'm'));
      assert.match(m.head, /^X-Lyre-Member-Name: /m);
      assert.match(
        m.head,
        /^List-Unsubscribe: <http:\/\/localhost:\d+\/u\/[0-9a-z]+-[a-z2-7]{16}>,\r\n <mailto:leave-[0-9a-z]+-[a-z2-7]{16}@lists\.example\.org>\r$/m,
      );
    }
  });

  test('non-ASCII member names are RFC 2047 encoded', () => {
    const zoe = net.messages().find((m) => m.rcptTo[0] === 'user7@d7.test')!;
    const value = /^X-Lyre-Member-Name: (.*)\r$/m.exec(zoe.head)?.[1] ?? '';
    assert.match(value, /^[\x20-\x7e]+$/, 'header stays ASCII');
    assert.match(value, /=\?UTF-8\?[QB]\?/i);
    assert.equal(libmime.decodeWords(value), 'Zoë Müller 7');
  });

  test('list headers appear once and replace foreign ones', () => {
    for (const m of net.messages()) {
      for (const name of [
        'List-Id',
        'List-Post',
        'List-Help',
        'List-Unsubscribe',
        'List-Unsubscribe-Post',
        'Precedence',
      ]) {
        const count = m.head
          .split('\r\n')
          .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`)).length;
        assert.equal(count, 1, `${name} in copy to ${m.rcptTo[0]}`);
      }
      assert.match(m.head, /^List-Id: <team\.lists\.example\.org>\r$/m);
      assert.match(m.head, /^List-Post: <mailto:team@lists\.example\.org>\r$/m);
      assert.match(m.head, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
      assert.match(m.head, /^Precedence: list\r$/m);
      assert.match(m.head, /^Received: from .* by .* \(Lyre\) with ESMTP id \d+;/m);
    }
  });

  test('body bytes equal the original post', () => {
    const expected = new Map(posts.map((f) => [sha256(bodyOf(readFileSync(join(corpusDir, f)))), f]));
    const seen = new Set<string>();
    for (const m of net.messages()) {
      assert.ok(expected.has(m.bodySha256), `copy to ${m.rcptTo[0]} has a body that matches no original`);
      seen.add(m.bodySha256);
    }
    assert.equal(seen.size, new Set(expected.keys()).size);
  });

  test('subject prefix does not stack', () => {
    const subjects = net.messages().map((m) => /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(m.head)?.[1] ?? '');
    for (const subject of subjects) {
      assert.doesNotMatch(subject, /\[team\].*\[team\]/i);
      assert.ok(subject.startsWith('[team]') || subject.startsWith('=?'), `prefixed: ${subject}`);
    }
  });

  test('5xx recipients fail with a bounce event', () => {
    const store = t.engine.store;
    for (const post of store.posts.recent({ kind: 'post', limit: 100 })) {
      const failed = store.deliveries.query({ postId: post.id, status: 'failed', limit: 1000 }).deliveries;
      assert.ok(failed.length > 0);
      for (const d of failed) {
        assert.ok(d.rcpt.startsWith('gone'), `${d.rcpt} failed`);
        assert.equal(d.replyCode, 550);
        assert.match(d.reply ?? '', /No such user/);
      }
    }
    const gone = [...memberIds.entries()].find(([e]) => e.startsWith('gone'))!;
    const events = store.bounces.forMember(gone[1]);
    assert.equal(events.length, posts.length);
    assert.equal(events[0]!.source, 'smtp');
    assert.equal(events[0]!.replyCode, 550);
  });

  test('4xx recipients are retried and delivered', () => {
    const store = t.engine.store;
    const post = store.posts.recent({ kind: 'post', limit: 1 })[0]!;
    const temp = store.deliveries.query({ postId: post.id, domain: 'd2.test', limit: 100 }).deliveries;
    assert.ok(temp.length > 0);
    assert.ok(temp.some((d) => greylisted(d.rcpt)));
    for (const d of temp) {
      assert.equal(d.status, 'delivered', `${d.rcpt}`);
      const actions = store.deliveries.events(d.id).map((e) => e.action);
      if (!greylisted(d.rcpt)) {
        assert.deepEqual(actions, ['DELIVERED'], `${d.rcpt} went through at once`);
        continue;
      }
      assert.ok(d.attempts >= 2, `${d.rcpt} attempts ${d.attempts}`);
      assert.equal(actions[0], 'DEFERRED');
      assert.equal(actions[actions.length - 1], 'DELIVERED');
    }
  });

  test('post progress counts add up', () => {
    const store = t.engine.store;
    for (const post of store.posts.recent({ kind: 'post', limit: 100 })) {
      const p = store.posts.progress(post.id);
      assert.equal(p.total, memberCount);
      assert.equal(p.remaining, 0);
      assert.equal(p.delivered + p.failed, memberCount);
    }
  });
});
