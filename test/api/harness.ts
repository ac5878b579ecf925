import { MessageChannel } from 'node:worker_threads';

import Fastify, { type FastifyInstance } from 'fastify';

import type { AdminClient } from '../../engine/api/envelope.ts';
import { registerAdminHttp, type AdminHttpOptions } from '../../engine/api/http.ts';
import { createPortClient, serveAdminPort } from '../../engine/api/port.ts';
import type { Settings } from '../../engine/config/schema.ts';
import { setAdminPassword } from '../../engine/web/admin-password.ts';
import { createHttpClient, type EventStreamOpener, type HttpAdminClient } from '../../renderer/src/transport/http.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { tempDir } from '../helpers/temp-dir.ts';

export const transports = ['port', 'http'] as const;
export type TransportName = (typeof transports)[number];
export const adminPassword = 'correct horse battery';

/** A fetch that keeps cookies like a browser would for one origin. */
export function cookieFetch(): typeof fetch & { cookies: Map<string, string>; setCookies: string[] } {
  const cookies = new Map<string, string>();
  const setCookies: string[] = [];
  const wrapped = async (url: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers });
    for (const cookie of response.headers.getSetCookie()) {
      setCookies.push(cookie);
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };
  return Object.assign(wrapped as typeof fetch, { cookies, setCookies });
}

/** Server-sent events read with fetch, as Node 20 has no EventSource; `connected` resolves on the first bytes. */
export function fetchEvents(fetcher: typeof fetch): { open: EventStreamOpener; connected: Promise<void> } {
  let markConnected: () => void = () => {};
  const connected = new Promise<void>((resolve) => (markConnected = resolve));
  const open: EventStreamOpener = (url, onEvent) => {
    const controller = new AbortController();
    void (async () => {
      const response = await fetcher(url, { signal: controller.signal });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        markConnected();
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name && data !== undefined) onEvent(name, data);
        }
      }
    })().catch(() => {});
    return () => controller.abort();
  };
  return { open, connected };
}

export interface Harness {
  transport: TransportName;
  t: TestEngine;
  client: AdminClient;
  close(): Promise<void>;
}

export interface HttpHarness {
  t: TestEngine;
  app: FastifyInstance;
  baseUrl: string;
  fetch: ReturnType<typeof cookieFetch>;
  client: HttpAdminClient;
  connected: Promise<void>;
  close(): Promise<void>;
}

/** A real engine with the admin API on its own loopback HTTP server, and a client of it that is not logged in yet. */
export async function startHttpHarness(
  options: { settings?: Partial<Record<keyof Settings, unknown>>; http?: AdminHttpOptions; password?: string | null } = {},
): Promise<HttpHarness> {
  const t = await startTestEngine({ settings: options.settings });
  if (options.password !== null) await setAdminPassword(t.engine.store, options.password ?? adminPassword);
  const renderer = tempDir('lyre-renderer-');
  const app = Fastify({ logger: false });
  await registerAdminHttp(app, t.engine, { rendererDir: renderer.path, ...options.http });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const fetcher = cookieFetch();
  const events = fetchEvents(fetcher);
  const client = createHttpClient({ baseUrl, fetch: fetcher, openEvents: events.open });
  return {
    t,
    app,
    baseUrl,
    fetch: fetcher,
    client,
    connected: events.connected,
    async close() {
      client.close();
      await app.close();
      await t.close();
      renderer.remove();
    },
  };
}

/** A real engine and a logged-in client of its admin API over the named transport. */
export async function startHarness(
  transport: TransportName,
  options: { settings?: Partial<Record<keyof Settings, unknown>> } = {},
): Promise<Harness> {
  if (transport === 'http') {
    const h = await startHttpHarness(options);
    await h.client.login(adminPassword);
    h.client.connectEvents();
    await h.connected;
    return { transport, t: h.t, client: h.client, close: () => h.close() };
  }

  const t = await startTestEngine({ settings: options.settings });
  const channel = new MessageChannel();
  const stop = serveAdminPort(channel.port1, t.engine);
  const client = createPortClient(channel.port2);
  return {
    transport,
    t,
    client,
    async close() {
      client.close();
      stop();
      channel.port1.close();
      channel.port2.close();
      await t.close();
    },
  };
}
