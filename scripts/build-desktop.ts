// Bundles the desktop shell with esbuild into dist/desktop/:
//   main.mjs         Electron main process (ESM).
//   engine-host.mjs  The engine in its utility process (ESM).
//   preload.cjs      The admin window's preload: one CommonJS file that requires
//                    only `electron`, because a sandboxed preload can load no more.
// main.mjs and engine-host.mjs keep every npm package external. electron-builder
// copies the production dependencies into the app and rebuilds better-sqlite3 for
// Electron's ABI there, so node_modules in the checkout stays built for Node.
//
// With --stage it also lays out dist/app/, the app folder electron-builder packs
// (directories.app): the bundles, the renderer build, the icons, a package.json
// with only the production dependencies, and a copy of those packages from
// node_modules. electron-builder rebuilds native modules inside its app folder,
// so staging keeps that rebuild away from the checkout's node_modules.
// Usage: node --import tsx scripts/build-desktop.ts [--stage] [OUT_DIR]

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

// NOTE: conservative floors, not Electron 41's exact Node and Chromium versions,
// which are newer; raising them only lets esbuild lower less syntax.
const NODE_TARGET = 'node20';
const CHROME_TARGET = 'chrome120';

/**
 * Marks the project's own modules free of side effects, so that the preload bundle
 * drops what engine/api/port.ts imports for the serving side (dispatcher, methods,
 * zod schemas) and keeps only the client.
 */
const ownModulesArePure: esbuild.Plugin = {
  name: 'own-modules-are-pure',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'resolved') return undefined;
      const result = await build.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        importer: args.importer,
        pluginData: 'resolved',
      });
      return { ...result, sideEffects: false };
    });
  },
};

export async function buildDesktop(outDir = resolve(ROOT, 'dist', 'desktop')): Promise<esbuild.Metafile[]> {
  rmSync(outDir, { recursive: true, force: true });
  const common: esbuild.BuildOptions = {
    absWorkingDir: ROOT,
    bundle: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  };

  const results = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { main: 'main/main.ts', 'engine-host': 'engine/host/utility-entry.ts' },
      outdir: outDir,
      outExtension: { '.js': '.mjs' },
      platform: 'node',
      format: 'esm',
      target: NODE_TARGET,
      packages: 'external',
    }),
    esbuild.build({
      ...common,
      entryPoints: { preload: 'main/preload.ts' },
      outdir: outDir,
      outExtension: { '.js': '.cjs' },
      platform: 'node',
      format: 'cjs',
      target: CHROME_TARGET,
      external: ['electron'],
      plugins: [ownModulesArePure],
    }),
  ]);
  return results.map((result) => result.metafile as esbuild.Metafile);
}

/** Paths, relative to the checkout, of every installed production package. */
function productionPackages(): string[] {
  const output = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return output
    .split('\n')
    .map((line) => relative(ROOT, line.trim()))
    .filter((path) => path.startsWith(`node_modules${sep}`));
}

/** Copies one package without its nested node_modules, which are listed and copied on their own. */
function copyPackage(path: string, stageDir: string): void {
  const source = join(ROOT, path);
  cpSync(source, join(stageDir, path), {
    recursive: true,
    filter: (file) => !relative(source, file).split(sep).includes('node_modules'),
  });
}

/** Lays out the app folder that electron-builder packs; see the header. */
export async function stageApp(stageDir = resolve(ROOT, 'dist', 'app')): Promise<void> {
  rmSync(stageDir, { recursive: true, force: true });
  await buildDesktop(join(stageDir, 'dist', 'desktop'));

  const renderer = join(ROOT, 'renderer', 'dist');
  if (existsSync(renderer)) cpSync(renderer, join(stageDir, 'renderer', 'dist'), { recursive: true });
  for (const asset of ['icon.png', 'icons', 'tray']) {
    cpSync(join(ROOT, 'assets', asset), join(stageDir, 'assets', asset), { recursive: true });
  }

  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const { name, version, description, license, dependencies } = manifest;
  const appManifest = {
    name,
    productName: 'Lyre',
    version,
    description,
    license,
    private: true,
    type: 'module',
    main: 'dist/desktop/main.mjs',
    dependencies,
  };
  writeFileSync(join(stageDir, 'package.json'), `${JSON.stringify(appManifest, null, 2)}\n`);
  for (const path of productionPackages()) copyPackage(path, stageDir);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const stage = process.argv.includes('--stage');
  const target = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  const outDir = target ? resolve(target) : undefined;
  if (stage) await stageApp(outDir);
  else await buildDesktop(outDir);
  console.log(`Desktop ${stage ? 'app folder' : 'bundles'} written to ${outDir ?? 'dist/'}`);
  if (!existsSync(resolve(ROOT, 'renderer', 'dist', 'index.html'))) {
    console.warn(
      'renderer/dist/index.html is missing, so the window will show "Not found": build the renderer first.',
    );
  }
}
