import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import nodemailer from 'nodemailer';

import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { PostfixInstance, postfixUnavailableReason } from '../helpers/postfix.ts';

const unavailable = postfixUnavailableReason();


describe('engine forwarding to a real Postfix', { skip: unavailable ?? false }, () => {
  let postfix: PostfixInstance;
  let engine: TestEngine;

  before(async () => {
    postfix = await PostfixInstance.start({ domain: 'lyre-test.example', users: ['alice'] });
    engine = await startTestEngine({
      settings: { 'relay.host': `127.0.0.1:${postfix.port}`, 'relay.domains': 'lyre-test.example' },
    });
    engine.engine.store.lists.create({ name: 'news', host: 'lyre-test.example', settings: { nonMemberPolicy: 'accept' } });
  });
  after(async () => {
    await engine?.close();
    await postfix?.remove();
  });

  it('forwards beside a list post in one transaction', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: engine.smtpPort, secure: false, ignoreTLS: true });
    const raw = Buffer.from(
      'From: sender@example.net\r\nTo: news@lyre-test.example, alice@lyre-test.example\r\n' +
        'Subject: Both ways\r\nMessage-ID: <both@example.net>\r\nDate: Fri, 04 Dec 2026 16:03:05 +0000\r\n\r\nHello.\r\n',
    );
    const info = await transport.sendMail({
      envelope: { from: 'sender@example.net', to: ['news@lyre-test.example', 'alice@lyre-test.example', 'victim@elsewhere.example'] },
      raw,
    });
    transport.close();

    assert.deepEqual(info.accepted, ['news@lyre-test.example', 'alice@lyre-test.example']);
    assert.deepEqual(info.rejected, ['victim@elsewhere.example']);
    const delivered = (await postfix.waitForMessages('alice', 1)).at(-1)!;
    assert.ok(delivered.endsWith(raw.toString().replaceAll('\r\n', '\n')));
    assert.match(delivered, /\(Lyre\) with ESMTP id /);
  });
});
