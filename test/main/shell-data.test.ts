import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { MenuItemConstructorOptions } from 'electron';

import { aboutHtml } from '../../main/about.ts';
import { appMenuTemplate } from '../../main/app-menu.ts';
import { CONTENT_SECURITY_POLICY, isAppUrl, resolveAppFile } from '../../main/content-security.ts';
import type { StateChange, SupervisorState } from '../../main/supervisor.ts';
import { trayIconPath } from '../../main/tray-icons.ts';
import { statusLine, trayMenuTemplate, type TrayMenuActions } from '../../main/tray-menu.ts';

const ASSETS = resolve(fileURLToPath(new URL('../../assets', import.meta.url)));
const ROOT = '/srv/lyre/renderer/dist';

describe('resolveAppFile', () => {
  const cases: [string, string | null][] = [
    ['lyre://app/index.html', join(ROOT, 'index.html')],
    ['lyre://app/assets/index-3f2a.js', join(ROOT, 'assets/index-3f2a.js')],
    ['lyre://app/lists/7/members', join(ROOT, 'index.html')],
    ['lyre://app/', join(ROOT, 'index.html')],
    ['lyre://app/..%2F..%2Fetc%2Fpasswd.txt', null],
    // The URL parser resolves encoded dot segments against the root, so this stays inside.
    ['lyre://app/%2e%2e/%2e%2e/secret.js', join(ROOT, 'secret.js')],
    ['lyre://other/index.html', null],
    ['https://app/index.html', null],
    ['file:///etc/passwd', null],
    ['not a url', null],
  ];
  for (const [url, expected] of cases) {
    test(`maps ${url}`, () => assert.equal(resolveAppFile(ROOT, url), expected));
  }
});

test('app urls stay inside lyre://app', () => {
  assert.equal(isAppUrl('lyre://app/lists'), true);
  assert.equal(isAppUrl('lyre://app.evil.example/'), false);
  assert.equal(isAppUrl('https://example.org/'), false);
});

test('csp forbids remote scripts and frames', () => {
  assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
  assert.match(CONTENT_SECURITY_POLICY, /object-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval/);
});

describe('tray icons', () => {
  const states: SupervisorState[] = ['starting', 'running', 'stopping', 'stopped', 'crashed', 'failed'];
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    for (const dark of [false, true]) {
      test(`exist for ${platform} ${dark ? 'dark' : 'light'}`, () => {
        for (const state of states) {
          const path = trayIconPath(ASSETS, state, platform, dark);
          assert.ok(existsSync(path), `missing ${path}`);
          assert.ok(existsSync(path.replace(/\.png$/, '@2x.png')), `missing @2x of ${path}`);
        }
      });
    }
  }

  test('follow state and panel colour', () => {
    assert.equal(trayIconPath(ASSETS, 'running', 'linux', true), join(ASSETS, 'tray', 'running-dark.png'));
    assert.equal(trayIconPath(ASSETS, 'failed', 'win32', false), join(ASSETS, 'tray', 'error-light.png'));
    assert.equal(
      trayIconPath(ASSETS, 'stopped', 'darwin', true),
      join(ASSETS, 'tray', 'stoppedTemplate.png'),
    );
  });
});

function recorder(): { actions: TrayMenuActions; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      open: () => calls.push('open'),
      startServer: () => calls.push('start'),
      stopServer: () => calls.push('stop'),
      setOpenAtLogin: (enabled) => calls.push(`login:${enabled}`),
      quit: () => calls.push('quit'),
    },
  };
}

function click(item: MenuItemConstructorOptions | undefined, checked = false): void {
  assert.ok(item?.click, `menu item ${item?.label} has no click handler`);
  (item.click as (menuItem: { checked: boolean }) => void)({ checked });
}

function byLabel(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  return items.find((item) => item.label === label);
}

describe('tray menu', () => {
  const running: StateChange = { state: 'running', pid: 42 };
  const status = { queueSize: 12, deliveriesPerMinute: 30, smtpPort: 25 };

  test('running offers stop and shows status', () => {
    const { actions, calls } = recorder();
    const items = trayMenuTemplate({ state: running, status, openAtLogin: false }, actions);

    assert.ok(byLabel(items, 'Running · SMTP on port 25 · queue 12 · 30 deliveries/min'));
    assert.equal(byLabel(items, 'Start server'), undefined);
    click(byLabel(items, 'Stop server'));
    click(byLabel(items, 'Open Lyre'));
    click(byLabel(items, 'Start at login'), true);
    click(byLabel(items, 'Quit Lyre'));
    assert.deepEqual(calls, ['stop', 'open', 'login:true', 'quit']);
  });

  test('stopped offers start', () => {
    const { actions, calls } = recorder();
    const items = trayMenuTemplate({ state: { state: 'stopped' }, status: null, openAtLogin: null }, actions);

    click(byLabel(items, 'Start server'));
    assert.deepEqual(calls, ['start']);
    assert.equal(byLabel(items, 'Start at login'), undefined, 'Linux has no login items');
  });

  test('status line explains crashes', () => {
    const crashed: StateChange = { state: 'crashed', reason: 'exit code 1', restartInMs: 4_000 };
    assert.equal(statusLine({ state: crashed, status: null }), 'Crashed, restarting in 4 s: exit code 1');
    const failed: StateChange = { state: 'failed', reason: '5 crashes within 3 min; last: exit code 1' };
    assert.equal(
      statusLine({ state: failed, status: null }),
      'Not running: 5 crashes within 3 min; last: exit code 1',
    );
    assert.equal(
      statusLine({ state: running, status: { ...status, smtpPort: null } }),
      'Running · SMTP off · queue 12 · 30 deliveries/min',
    );
  });

  test('start at login reflects setting', () => {
    const { actions } = recorder();
    const items = trayMenuTemplate({ state: running, status, openAtLogin: true }, actions);
    assert.equal(byLabel(items, 'Start at login')?.checked, true);
  });
});

describe('app menu', () => {
  const actions = { about: () => {}, open: () => {}, quit: () => {} };

  test('macOS puts About in the app menu', () => {
    const menus = appMenuTemplate('darwin', false, actions);
    assert.equal(menus[0]?.label, 'Lyre');
    const appItems = menus[0]?.submenu as MenuItemConstructorOptions[];
    assert.ok(byLabel(appItems, 'About Lyre'));
    assert.ok(byLabel(appItems, 'Quit Lyre'));
  });

  test('other platforms put About under Help', () => {
    const menus = appMenuTemplate('win32', false, actions);
    const help = menus.find((menu) => menu.role === 'help');
    assert.ok(byLabel(help?.submenu as MenuItemConstructorOptions[], 'About Lyre'));
    const file = menus.find((menu) => menu.label === 'File');
    assert.ok(byLabel(file?.submenu as MenuItemConstructorOptions[], 'Quit'));
  });

  test('developer tools only in development', () => {
    const view = (developer: boolean): MenuItemConstructorOptions[] =>
      appMenuTemplate('linux', developer, actions).find((menu) => menu.label === 'View')
        ?.submenu as MenuItemConstructorOptions[];
    assert.ok(view(true).some((item) => item.role === 'toggleDevTools'));
    assert.ok(!view(false).some((item) => item.role === 'toggleDevTools'));
  });
});

test('about page escapes values and forbids scripts', () => {
  const html = aboutHtml(
    { version: '0.1.0', electron: '41.7.1', chrome: '140', node: '22', dataDir: '/home/a<b>/Lyre' },
    'data:image/png;base64,AAAA',
  );
  assert.match(html, /\/home\/a&#60;b&#62;\/Lyre/);
  assert.match(html, /default-src 'none'/);
  assert.doesNotMatch(html, /<script/);
});
