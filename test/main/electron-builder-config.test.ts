import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { Ajv } from 'ajv';
import yaml from 'js-yaml';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const require = createRequire(import.meta.url);

type Target = string | { target: string; arch?: string[] };
interface BuilderConfig {
  directories: { app: string; buildResources: string; output: string };
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  mac: {
    target: Target[];
    icon: string;
    entitlements: string;
    entitlementsInherit: string;
    hardenedRuntime: boolean;
  };
  win: { target: Target[]; icon: string };
  nsis: { installerIcon: string; uninstallerIcon: string };
  linux: { target: Target[]; icon: string };
}

const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

function targetNames(targets: Target[]): string[] {
  return targets.map((target) => (typeof target === 'string' ? target : target.target));
}

test('builder config passes electron-builder schema', () => {
  // app-builder-lib is the package inside electron-builder that validates configurations against this schema.
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  const valid = validate(config);
  assert.equal(valid, true, ajv.errorsText(validate.errors, { separator: '\n' }));
  assert.equal(validate({ ...config, notAnOption: true }), false, 'the schema accepts unknown options');
});

test('builder config names the platform targets', () => {
  assert.deepEqual(targetNames(config.win.target), ['nsis']);
  assert.deepEqual(targetNames(config.mac.target), ['dmg']);
  assert.deepEqual(targetNames(config.linux.target), ['AppImage', 'deb']);
});

test('builder config icons and entitlements exist', () => {
  const files = [
    config.mac.icon,
    config.mac.entitlements,
    config.mac.entitlementsInherit,
    config.win.icon,
    config.nsis.installerIcon,
    config.nsis.uninstallerIcon,
    join(config.directories.buildResources, 'icon.png'),
  ];
  for (const file of files)
    assert.ok(existsSync(join(ROOT, file)), `${file} is named in electron-builder.yml but missing`);

  const linuxIcons = readdirSync(join(ROOT, config.linux.icon));
  for (const size of [16, 32, 48, 64, 128, 256, 512]) assert.ok(linuxIcons.includes(`${size}x${size}.png`));
  assert.ok(statSync(join(ROOT, 'assets', 'icon.png')).size > 0);
});

test('builder config entitlements allow a network server', () => {
  const plist = readFileSync(join(ROOT, config.mac.entitlements), 'utf8');
  for (const key of ['network.server', 'network.client', 'cs.allow-jit']) {
    assert.match(
      plist,
      new RegExp(`<key>com\\.apple\\.security\\.${key.replace('.', '\\.')}</key>\\s*<true/>`),
    );
  }
  assert.equal(config.mac.hardenedRuntime, true);
});

test('builder config packs the staged app folder', () => {
  assert.equal(config.directories.app, 'dist/app', 'not the folder scripts/build-desktop.ts --stage writes');
  for (const pattern of [
    'package.json',
    'dist/desktop/**',
    'renderer/dist/**',
    'assets/**',
    'node_modules/**',
  ]) {
    assert.ok(config.files.includes(pattern), `${pattern} is not packed`);
  }
});

test('builder config unpacks native addons', () => {
  assert.ok(
    config.asarUnpack.some((pattern) => pattern.includes('better-sqlite3') && pattern.endsWith('.node')),
  );
  assert.equal(config.npmRebuild, true);
});
