import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import pino from 'pino';
import type { Metafile } from 'esbuild';

import { Store } from '../../engine/store/index.ts';
import { EngineSupervisor, type SupervisorState } from '../../main/supervisor.ts';
import { buildDesktop, stageApp } from '../../scripts/build-desktop.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { ChildEngineProcess } from './fixtures/child-engine-process.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function externalImports(metafiles: Metafile[], output: string): string[] {
  for (const metafile of metafiles) {
    for (const [path, info] of Object.entries(metafile.outputs)) {
      if (path.endsWith(output))
        return info.imports.filter((entry) => entry.external).map((entry) => entry.path);
    }
  }
  throw new Error(`no output named ${output} in the esbuild metafiles`);
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

describe('desktop build', () => {
  // Outside the checkout, so the staged engine host can only load staged packages.
  const stage = tempDir('lyre-stage-');
  const OUT = join(stage.path, 'dist', 'desktop');
  let metafiles: Metafile[] = [];

  before(async () => {
    await stageApp(stage.path);
    metafiles = await buildDesktop(OUT);
  });

  after(() => stage.remove());

  test('staged app holds production packages only', () => {
    const staged = JSON.parse(readFileSync(join(stage.path, 'package.json'), 'utf8')) as {
      main: string;
      dependencies: Record<string, string>;
      devDependencies?: unknown;
    };
    assert.ok(existsSync(join(stage.path, staged.main)), `${staged.main} is not in the staged app`);
    assert.deepEqual(staged.dependencies, manifest.dependencies);
    assert.equal(staged.devDependencies, undefined);
    for (const name of Object.keys(manifest.dependencies)) {
      assert.ok(existsSync(join(stage.path, 'node_modules', name, 'package.json')), `${name} is not staged`);
    }
    for (const name of ['electron', 'typescript', 'vite', 'esbuild']) {
      assert.ok(
        !existsSync(join(stage.path, 'node_modules', name)),
        `development package ${name} was staged`,
      );
    }
    assert.ok(existsSync(join(stage.path, 'assets', 'tray', 'runningTemplate@2x.png')));
  });

  test('preload requires only electron', () => {
    assert.deepEqual([...new Set(externalImports(metafiles, 'preload.cjs'))], ['electron']);
    const source = readFileSync(join(OUT, 'preload.cjs'), 'utf8');
    assert.ok(source.length < 50_000, `preload.cjs is ${source.length} bytes; the serving side leaked in`);
  });

  for (const output of ['main.mjs', 'engine-host.mjs']) {
    test(`${output} imports only shipped packages`, () => {
      const packages = externalImports(metafiles, output).filter((specifier) => !isBuiltin(specifier));
      const allowed = new Set([
        ...Object.keys(manifest.dependencies),
        ...(output === 'main.mjs' ? ['electron'] : []),
      ]);
      const missing = [...new Set(packages.map(packageName))].filter((name) => !allowed.has(name));
      assert.deepEqual(
        missing,
        [],
        `not in package.json dependencies, so not packaged: ${missing.join(', ')}`,
      );
    });
  }

  test('engine host never imports electron', () => {
    assert.ok(!externalImports(metafiles, 'engine-host.mjs').includes('electron'));
  });

  test('staged engine host runs under the supervisor', async () => {
    const data = tempDir();
    const store = Store.open(data.path);
    store.settings.set('smtp.port', 0);
    store.settings.set('smtp.fallbackPort', 0);
    store.settings.set('smtp.host', '127.0.0.1');
    store.settings.set('http.port', 0);
    store.close();

    let resolveExit: (code: number) => void = () => {};
    const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
    const supervisor = new EngineSupervisor({
      fork: () => {
        const child = new ChildEngineProcess(
          fork(join(OUT, 'engine-host.mjs'), [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }),
        );
        child.on('exit', resolveExit);
        return child;
      },
      dataDir: data.path,
      log: pino({ level: 'silent' }),
      heartbeatIntervalMs: 100,
    });
    const states: SupervisorState[] = [];
    supervisor.on('state', ({ state }) => states.push(state));
    const running = new Promise((resolve) =>
      supervisor.on('state', ({ state }) => state === 'running' && resolve(state)),
    );

    try {
      supervisor.start();
      await running;
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok((supervisor.status?.smtpPort ?? 0) > 0, 'the built engine did not bind SMTP');
      await supervisor.stop();
    } finally {
      await supervisor.stop();
      data.remove();
    }
    assert.deepEqual(states, ['starting', 'running', 'stopping', 'stopped']);
    assert.equal(await exitCode, 0);
  });
});
