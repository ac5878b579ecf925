import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';

import Fastify, { type FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';

import { registerAdminHttp } from '../../engine/api/http.ts';
import { startEngine, type RunningEngine } from '../../engine/engine.ts';
import { setAdminPassword } from '../../engine/web/admin-password.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { freePort } from '../helpers/postfix.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { banners, FakeMta } from '../relay/fake-mta.ts';

const artifacts = 'test-artifacts';
const password = 'e2e relocation password';
const postfixBanner = { ...banners.postfix!, greeting: ['220 mail.example.org ESMTP Postfix (3.7.11)'] };

// Two fake Postfix servers on loopback: one on the port Lyre is configured for, as the
// machine's MTA sits on port 25 before relocation, and one at its relocated address.
let original: FakeMta;
let relocated: FakeMta;
let engine: RunningEngine;
let app: FastifyInstance;
let baseUrl: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const data = tempDir();
// Its own build folder, because admin.test.ts may build renderer/dist at the same time.
// Vite refuses a second build of one project while another runs; with separate output
// folders the builds do not touch each other's files, so this one skips that lock.
const build = tempDir('lyre-renderer-');
const pageErrors: string[] = [];
let step = '';
beforeEach((context) => {
  step = context.name;
});

async function shot(name: string, fullPage = false): Promise<void> {
  // The app shell's header is fixed, so a full-page shot needs the page at its top.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  // caret: 'initial' keeps Playwright from injecting a style element, which the CSP blocks.
  await page.screenshot({ path: join(artifacts, `relocation-${name}.png`), caret: 'initial', fullPage });
}

before(async () => {
  assert.ok(
    chromiumAvailable(),
    'Chromium is missing at /usr/bin/chromium; install it with `apt-get install -y chromium`.',
  );
  const vite = spawnSync(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      'renderer',
      '--outDir',
      build.path,
      '--bypass-lock',
      '--logLevel',
      'error',
    ],
    { stdio: 'inherit' },
  );
  assert.equal(vite.status, 0, 'building the renderer failed');
  mkdirSync(artifacts, { recursive: true });

  original = new FakeMta(postfixBanner);
  const busyPort = await original.listen();
  relocated = new FakeMta(postfixBanner);
  await relocated.listen();
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
  await setAdminPassword(engine.store, password);
  app = Fastify({ logger: false });
  await registerAdminHttp(app, engine, { rendererDir: build.path });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  browser = await launchChromium();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  page = await browser.context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${step}: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageErrors.push(`${step}: ${error.message}`));
});

after(async () => {
  await browser?.close();
  await app?.close();
  await engine?.stop(2000);
  await original?.close();
  await relocated?.close();
  data.remove();
  build.remove();
});

test('dashboard shows the fallback warning', async () => {
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel('Administrator password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

  const warning = page.getByTestId('port-warning');
  await warning.getByText(`Port ${original.port} is already used by Postfix 3.7.11.`).waitFor();
  await warning.getByText('lyre relocation guide postfix').waitFor();
  assert.equal(await page.getByTestId('relay-status').count(), 0, 'no relay card while relay.host is empty');
  await shot('dashboard-fallback', true);
});

test('mail server screen starts empty', async () => {
  await page.getByRole('link', { name: /^Mail server/ }).click();
  await page.getByRole('heading', { name: 'Mail server', exact: true }).waitFor();
  await page.getByText('Nothing probed yet.').waitFor();
  await page.getByText('No mail server chosen.').waitFor();
  await page.getByText('Not verified yet.').waitFor();
  await page.getByText('Forwarding is off').waitFor();
  await shot('empty');
});

test('detect rejects other hosts', async () => {
  await page.getByLabel('Address to probe').fill('0.0.0.0:25');
  await page.getByRole('button', { name: 'Detect' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Detection failed' });
  await alert.getByText('Invalid address 0.0.0.0:25: only loopback addresses').waitFor();
  await shot('detect-rejected');
});

test('detect a fake Postfix and show its guide', async () => {
  await page.getByLabel('Address to probe').fill(`127.0.0.1:${original.port}`);
  await page.getByRole('button', { name: 'Detect' }).click();
  const result = page.getByTestId('detect-result');
  await result.getByText(`127.0.0.1:${original.port} answers as Postfix 3.7.11.`).waitFor();
  await result.getByText('3.7.11', { exact: true }).waitFor();
  await result.getByText('220 mail.example.org ESMTP Postfix (3.7.11)').waitFor();

  const guide = page.getByTestId('guide');
  await guide.getByText('Move Postfix to 127.0.0.1:2525').waitFor();
  await page.getByLabel('Move it to').fill(`127.0.0.1:${relocated.port}`);
  await guide.getByText(`Move Postfix to 127.0.0.1:${relocated.port}`).waitFor();
  const newLine = `127.0.0.1:${relocated.port} inet n - y - - smtpd`;
  await guide.getByText(newLine).waitFor();
  await guide.getByText('To undo').waitFor();
  await guide.getByText(`delete the 127.0.0.1:${relocated.port} line`).waitFor();

  await page.getByRole('button', { name: 'Copy step 2' }).click();
  await page.getByRole('button', { name: 'Copy step 2' }).getByText('Copied').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, `#smtp      inet  n       -       y       -       -       smtpd\n${newLine}`);
  await shot('guide', true);
});

test('verify the relocated address', async () => {
  const closed = await freePort();
  const field = page.getByLabel('Relocated address');
  assert.equal(await field.inputValue(), `127.0.0.1:${relocated.port}`, 'prefilled from the guide');

  await field.fill(`127.0.0.1:${closed}`);
  await page.getByRole('button', { name: 'Verify' }).click();
  const result = page.getByTestId('verify-result');
  await result.getByText('Not verified').waitFor();
  await result.getByText(`Nothing is listening on 127.0.0.1:${closed}`, { exact: false }).waitFor();

  await field.fill(`127.0.0.1:${relocated.port}`);
  await page.getByRole('button', { name: 'Verify' }).click();
  await result.getByText(`Answered as Postfix 3.7.11 on 127.0.0.1:${relocated.port}.`).waitFor();
  await shot('verified', true);
});

test('save the forwarding settings', async () => {
  const host = `127.0.0.1:${relocated.port}`;
  await page.getByRole('button', { name: `Forward to ${host}` }).click();
  assert.equal(await page.getByLabel('relay.host').inputValue(), host);
  await page.getByText('No domains to forward for').waitFor();
  await page.getByLabel('relay.domains').fill('example.org');
  await page.getByRole('button', { name: 'Save forwarding settings' }).click();
  await page.getByText('Forwarding settings saved.').waitFor();
  await page.getByTestId('relay-state').getByText('Reachable').waitFor();

  assert.equal(engine.store.settings.get('relay.host'), host);
  assert.equal(engine.store.settings.get('relay.domains'), 'example.org');
  assert.equal(engine.status().relay.reachable, true);
  await shot('saved', true);
});

test('dashboard shows the relay state', async () => {
  await page.getByRole('link', { name: /^Dashboard/ }).click();
  const card = page.getByTestId('relay-status');
  await card.getByText(`127.0.0.1:${relocated.port}`).waitFor();
  await card.getByTestId('relay-state').getByText('Reachable').waitFor();
  await page.getByTestId('port-warning').waitFor();
  await shot('dashboard-relay-up', true);

  await relocated.close();
  await card.getByRole('button', { name: 'Check now' }).click();
  await card.getByTestId('relay-state').getByText('Down').waitFor();
  const error = await card.getByTestId('relay-error').textContent();
  assert.match(error ?? '', new RegExp(`${relocated.port}`));
  await card.getByText(/^Last connection \d+ s ago\.$/).waitFor();
  assert.equal(engine.status().relay.reachable, false);
  await shot('dashboard-relay-down', true);
});

test('no page errors', () => {
  assert.deepEqual(
    pageErrors.filter((e) => !/status of 40[01]/.test(e)),
    [],
  );
});
