import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import pino from 'pino';

import { Processor, type RouteHandlers } from '../../engine/pipeline/processor.ts';
import { Store } from '../../engine/store/index.ts';
import type { IncomingMessage } from '../../engine/store/incoming.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait.ts';

let folder: ReturnType<typeof tempDir>;
let store: Store;

before(() => {
  folder = tempDir();
  store = Store.open(folder.path);
  store.db.exec('CREATE TABLE handled (incoming_id INTEGER NOT NULL)');
});

after(() => {
  store.close();
  folder.remove();
});

/** Commit messages to one address as intake does, in one transaction. */
function commitMessages(subjects: string[]): number[] {
  return store.incoming.insertMany(
    subjects.map((subject) => ({
      sessionId: 's1',
      clientIp: '127.0.0.1',
      helo: 'client.example.org',
      mailFrom: 'poster@example.org',
      recipients: [{ kind: 'post', address: 'team@lists.example.org', listId: 1 }],
      messageId: null,
      raw: Buffer.from(`Subject: ${subject}\r\n\r\nbody\r\n`),
    })),
  );
}

/** Handlers that record each post in a table, and write a row and throw for a subject containing "fail". */
function recordingHandlers(): RouteHandlers {
  const insert = store.db.prepare('INSERT INTO handled (incoming_id) VALUES (?)');
  const post = (message: IncomingMessage) => {
    insert.run(message.id);
    if (message.raw.toString().includes('fail')) throw new Error(`handler failed for ${message.id}`);
  };
  const unused = () => assert.fail('only posts are committed in this test');
  return { post, bounce: unused, leave: unused, mailbox: unused };
}

function states(ids: number[]): string[] {
  return ids.map((id) => store.incoming.get(id)!.state);
}

function handledIds(): number[] {
  return (store.db.prepare('SELECT incoming_id FROM handled ORDER BY incoming_id').all() as { incoming_id: number }[]).map((r) => r.incoming_id);
}

test('a throwing handler shunts only its message', async () => {
  let wakes = 0;
  const processor = new Processor(store, recordingHandlers(), pino({ level: 'silent' }), () => (wakes += 1));
  const ids = commitMessages(['one', 'two fail', 'three']);
  processor.wake();
  await waitFor('every message to leave the accepted state', () => store.incoming.pendingIds().length === 0);

  assert.deepEqual(states(ids), ['processed', 'shunted', 'processed']);
  // The failed message's own writes are rolled back with its savepoint; the others are kept.
  assert.deepEqual(handledIds(), [ids[0], ids[2]]);
  const shunted = store.db.prepare('SELECT stage, error FROM incoming_messages WHERE id = ?').get(ids[1]) as { stage: string; error: string };
  assert.equal(shunted.stage, 'post');
  assert.equal(shunted.error, `handler failed for ${ids[1]}`);
  assert.equal(wakes, 1);
  processor.stop();
});

test('more messages than one batch are all processed', async () => {
  const processor = new Processor(store, recordingHandlers(), pino({ level: 'silent' }));
  const ids = commitMessages(Array.from({ length: 120 }, (_, i) => `bulk ${i}`));
  processor.wake();
  await waitFor('every message to leave the accepted state', () => store.incoming.pendingIds().length === 0);

  assert.ok(states(ids).every((state) => state === 'processed'));
  assert.equal(handledIds().filter((id) => ids.includes(id)).length, 120);
  processor.stop();
});
