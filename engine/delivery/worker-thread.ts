import { Worker } from 'node:worker_threads';

/**
 * Start a worker thread on one of this folder's modules, by name without extension.
 * From source (run through tsx) the worker first registers tsx, because Node 20 does
 * not pass loader hooks on to worker threads. A bundled engine needs `NAME.mjs` next
 * to its bundle; without it the worker fails with an 'error' event, which callers
 * treat as "no worker".
 */
export function startWorkerThread(name: string, workerData: unknown): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const target = new URL(`./${name}.ts`, import.meta.url).href;
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const code = `import { register } from ${tsx};\nregister();\nawait import(${JSON.stringify(target)});`;
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData });
  }
  return new Worker(new URL(`./${name}.mjs`, import.meta.url), { workerData });
}
