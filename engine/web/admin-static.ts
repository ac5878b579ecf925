import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The Vite build of the admin app in a checkout. */
export const defaultRendererDir = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));

const notBuilt = `<!doctype html><meta charset="utf-8"><title>Lyre admin</title>
<p>The admin app is not built. Run <code>npm run build:renderer</code> in the Lyre folder, then reload.</p>`;

/**
 * Serve the built admin app under /admin/. index.html is read on each request so
 * that it can carry this response's CSP style nonce, which the app hands to Mantine
 * for the style elements it creates.
 */
export async function registerAdminStatic(scope: FastifyInstance, rendererDir: string): Promise<void> {
  const indexPath = join(rendererDir, 'index.html');
  const built = existsSync(indexPath);

  const sendIndex = async (reply: FastifyReply): Promise<void> => {
    reply.header('cache-control', 'no-store');
    if (!built) {
      await reply.code(503).type('text/html; charset=utf-8').send(notBuilt);
      return;
    }
    const nonce = (reply as FastifyReply & { cspNonce?: { style: string } }).cspNonce?.style ?? '';
    const html = (await readFile(indexPath, 'utf8')).replace(
      '<head>',
      `<head><meta name="lyre-style-nonce" content="${nonce}">`,
    );
    await reply.type('text/html; charset=utf-8').send(html);
  };

  scope.get('/admin', async (_request, reply) => reply.redirect('/admin/'));
  scope.get('/admin/', async (_request, reply) => sendIndex(reply));
  scope.get('/admin/index.html', async (_request, reply) => sendIndex(reply));

  if (built) {
    await scope.register(fastifyStatic, {
      root: rendererDir,
      prefix: '/admin/',
      index: false,
      setHeaders(res, path) {
        // Vite puts a content hash in every asset name, so assets never change in place.
        if (path.includes(`${join('assets', '')}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
}
