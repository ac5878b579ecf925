// Bundles the desktop shell with esbuild into dist/desktop/:
//   main.mjs         Electron main process (ESM).
//   engine-host.mjs  The engine in its utility process (ESM).
//   preload.cjs      The admin window's preload: one CommonJS file that requires
//                    only `electron`, because a sandboxed preload can load no more.
// main.mjs and engine-host.mjs keep every npm package external. electron-builder
// copies the production dependencies into the app and rebuilds better-sqlite3 for
// Electron's ABI there, so node_modules in the checkout stays built for Node.
// Usage: node --import tsx scripts/build-desktop.ts [OUT_DIR]

import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : undefined;
  await buildDesktop(outDir);
  console.log(`Desktop bundles written to ${outDir ?? resolve(ROOT, 'dist', 'desktop')}`);
  if (!existsSync(resolve(ROOT, 'renderer', 'dist', 'index.html'))) {
    console.warn(
      'renderer/dist/index.html is missing, so the window will show "Not found": build the renderer with Vite first.',
    );
  }
}
