import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { setAdminPassword } from '../../engine/web/admin-password.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { rejectsWith } from './assert-error.ts';
import { adminPassword, startHttpHarness } from './harness.ts';

test('rpc needs a session and the CSRF token', async () => {
  const h = await startHttpHarness();
  try {
    await rejectsWith(h.client.call('server.status', {}), 'unauthorized', 'server.status', /log in/);
    const events = await h.fetch(`${h.baseUrl}/api/events`);
    assert.equal(events.status, 401);

    await rejectsWith(h.client.login('wrong password'), 'unauthorized', 'login', /Wrong password/);
    await h.client.login(adminPassword);
    assert.equal((await h.client.call('server.status', {})).running, true);

    const forged = await h.fetch(`${h.baseUrl}/api/rpc/server.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lyre-csrf': 'guess' },
      body: '{}',
    });
    assert.equal(forged.status, 403);
    const noHeader = await h.fetch(`${h.baseUrl}/api/rpc/server.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(noHeader.status, 403);
    assert.equal(((await noHeader.json()) as { error: { kind: string } }).error.kind, 'forbidden');

    const cookie = h.fetch.setCookies.find((c) => c.startsWith('lyre_admin='))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.doesNotMatch(cookie, /Secure/i);

    await h.client.logout();
    await rejectsWith(h.client.call('server.status', {}), 'unauthorized', 'server.status');
  } finally {
    await h.close();
  }
});

test('new password ends sessions', async () => {
  const h = await startHttpHarness();
  try {
    await h.client.login(adminPassword);
    await setAdminPassword(h.t.engine.store, 'another long password');
    await rejectsWith(h.client.call('server.status', {}), 'unauthorized', 'server.status');
    await h.client.login('another long password');
    assert.equal((await h.client.session()).authenticated, true);
  } finally {
    await h.close();
  }
});

test('short password is rejected', async () => {
  const h = await startHttpHarness({ password: null });
  try {
    await assert.rejects(setAdminPassword(h.t.engine.store, 'short'), /at least 8/);
    assert.deepEqual(await h.client.session(), { authenticated: false, passwordSet: false });
    await rejectsWith(h.client.login('anything at all'), 'unavailable', 'login', /lyre admin password/);
  } finally {
    await h.close();
  }
});

test('login attempts are rate limited', async () => {
  const h = await startHttpHarness({ http: { loginPerIp: 3, loginGlobal: 100 } });
  try {
    for (let i = 0; i < 3; i++) await rejectsWith(h.client.login('wrong password'), 'unauthorized', 'login');
    const limited = await h.fetch(`${h.baseUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: adminPassword }),
    });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  } finally {
    await h.close();
  }
});

test('global login limit covers every address', async () => {
  const h = await startHttpHarness({ http: { loginPerIp: 100, loginGlobal: 2 } });
  try {
    for (let i = 0; i < 2; i++) await rejectsWith(h.client.login('wrong password'), 'unauthorized', 'login');
    await rejectsWith(h.client.login(adminPassword), 'unavailable', 'login', /Too many login attempts/);
  } finally {
    await h.close();
  }
});

test('admin page has CSP and security headers', async () => {
  const dist = tempDir('lyre-dist-');
  mkdirSync(join(dist.path, 'assets'));
  writeFileSync(join(dist.path, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head></html>');
  writeFileSync(join(dist.path, 'assets', 'app.js'), 'console.log(1);');
  const h = await startHttpHarness({ http: { rendererDir: dist.path } });
  try {
    const page = await h.fetch(`${h.baseUrl}/admin/`);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self' 'nonce-[^']+'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const nonce = /style-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.match(await page.text(), new RegExp(`<meta name="lyre-style-nonce" content="${nonce}">`));
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(page.headers.get('cache-control'), 'no-store');

    const asset = await h.fetch(`${h.baseUrl}/admin/assets/app.js`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('cache-control')!, /immutable/);
    assert.ok(asset.headers.get('content-security-policy'));

    const redirect = await h.fetch(`${h.baseUrl}/admin`, { redirect: 'manual' });
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('location'), '/admin/');
  } finally {
    await h.close();
    dist.remove();
  }
});

test('admin page explains a missing build', async () => {
  const h = await startHttpHarness();
  try {
    const missing = await h.fetch(`${h.baseUrl}/admin/`);
    assert.equal(missing.status, 503);
    assert.match(await missing.text(), /npm run build:renderer/);
  } finally {
    await h.close();
  }
});

test('close ends open event streams', async () => {
  const h = await startHttpHarness();
  await h.client.login(adminPassword);
  h.client.connectEvents();
  await h.connected;
  const closed = h.app.close().then(() => 'closed');
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timed out'), 3000));
  assert.equal(await Promise.race([closed, timeout]), 'closed');
  await h.close();
});
