import assert from 'node:assert/strict';
import { test } from 'node:test';

import pino from 'pino';

import { TokenSigner } from '../../engine/bounces/token.ts';
import { Presigner } from '../../engine/delivery/presigner.ts';
import type { ClaimedDelivery } from '../../engine/store/deliveries.ts';
import { Store } from '../../engine/store/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait.ts';

function delivery(id: number, postId: number, memberId: number | null): ClaimedDelivery {
  return {
    id,
    postId,
    memberId,
    memberName: '',
    rcpt: `m${id}@example.test`,
    domain: 'example.test',
    status: 'queued',
    attempts: 0,
    nextAttemptAt: 0,
    firstAttemptAt: null,
    lastAttemptAt: null,
    remoteHost: null,
    replyCode: null,
    reply: null,
  };
}

test('presigned tokens match the signer', async () => {
  const dir = tempDir();
  const store = Store.open(dir.path);
  const signer = TokenSigner.fromState(store.state);
  const presigner = new Presigner(dir.path, pino({ level: 'silent' }));
  try {
    const copies = [delivery(1, 7, 42), delivery(2, 7, null), delivery(3, 8, 123456)];
    presigner.request(copies);
    await waitFor('tokens from the worker', () => copies.every((c) => presigner.peek(c.id)), 20_000);
    for (const copy of copies) {
      const member = copy.memberId ?? 0;
      assert.deepEqual(presigner.take(copy.id), {
        bounce: signer.sign('bounce', [copy.postId, member]),
        member: signer.sign('member', [member]),
        unsubscribe: signer.sign('unsubscribe', [member]),
        leave: signer.sign('leave', [member]),
      });
      assert.equal(presigner.peek(copy.id), undefined);
    }
  } finally {
    await presigner.close();
    store.close();
    dir.remove();
  }
});

test('tokens arriving after the send are dropped', async () => {
  const dir = tempDir();
  const store = Store.open(dir.path);
  const presigner = new Presigner(dir.path, pino({ level: 'silent' }));
  try {
    presigner.request([delivery(1, 1, 1), delivery(2, 1, 2)]);
    assert.equal(presigner.take(1), undefined);
    await waitFor('the second copy signed', () => presigner.peek(2), 20_000);
    assert.equal(presigner.peek(1), undefined);
  } finally {
    await presigner.close();
    store.close();
    dir.remove();
  }
});
