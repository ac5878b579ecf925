// What the admin window may load: the built renderer from the app's own `lyre:`
// scheme, nothing from the network, no plugins, no frames.

import { relative, resolve, sep } from 'node:path';

/** The scheme and host the renderer is served from: lyre://app/index.html. */
export const APP_SCHEME = 'lyre';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Mantine injects its CSS variables in <style> elements, so style-src allows
 * 'unsafe-inline'; scripts come only from the bundle.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "object-src 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return CONTENT_TYPES[dot === -1 ? '' : path.slice(dot).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a lyre://app/ URL to a file under `root`, or null for another origin or a
 * path that leaves `root`. Paths without a file extension get index.html, so the
 * renderer's client-side routes survive a reload.
 */
export function resolveAppFile(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;

  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  const lastSegment = pathname.split('/').at(-1) ?? '';
  const file = lastSegment.includes('.') ? pathname : '/index.html';
  const absolute = resolve(root, `.${file}`);
  const inside = relative(root, absolute);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) return null;
  return absolute;
}

/** True for URLs inside the app; everything else is blocked from the window. */
export function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}
