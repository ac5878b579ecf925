import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startTestEngine, type TestEngine } from '../helpers/engine.ts';

let t: TestEngine;
let base: string;

before(async () => {
  t = await startTestEngine();
  base = `http://127.0.0.1:${t.httpPort}`;
});

after(() => t.close());

function addMember(email: string) {
  const store = t.engine.store;
  const list = store.lists.byName('team') ?? store.lists.create({ name: 'team', host: 'lists.example.org' });
  const member = store.members.add(list.id, { email });
  return { member, url: `${base}/u/${t.engine.signer.sign('unsubscribe', [member.id])}` };
}

test('GET shows a button and changes nothing', async () => {
  const { member, url } = addMember('scanner-target@example.org');
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  const html = await response.text();
  assert.match(html, /<form method="post">/);
  assert.match(html, /scanner-target@example\.org/);
  assert.equal(t.engine.store.members.get(member.id)?.status, 'normal');
});

test('one-click POST unsubscribes with no page', async () => {
  const { member, url } = addMember('one-click@example.org');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  assert.equal(response.status, 200);
  assert.equal(await response.text(), '');
  assert.equal(t.engine.store.members.get(member.id)?.status, 'unsubscribed');
});

test('button POST unsubscribes and confirms', async () => {
  const { member, url } = addMember('button@example.org');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'confirm=1',
  });
  assert.equal(response.status, 200);
  assert.match(await response.text(), /You are unsubscribed/);
  assert.equal(t.engine.store.members.get(member.id)?.status, 'unsubscribed');
});

test('forged token is rejected and reveals nothing', async () => {
  const { member } = addMember('victim@example.org');
  const forged = `${base}/u/${member.id.toString(36)}-aaaaaaaaaaaaaaaa`;
  const response = await fetch(forged, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  assert.equal(response.status, 404);
  assert.equal(t.engine.store.members.get(member.id)?.status, 'normal');
  const page = await (await fetch(forged)).text();
  assert.doesNotMatch(page, /victim/);
});
