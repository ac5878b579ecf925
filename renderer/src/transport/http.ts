import type { AdminEventName, ErrorRecord } from '../../../engine/api/contract.ts';
import type { AdminClient } from '../../../engine/api/envelope.ts';
import { AdminCallError, unreachable } from './errors.ts';
import { Listeners } from './listeners.ts';

/** Opens the server-sent event stream and calls `onEvent` per event; returns the close function. */
export type EventStreamOpener = (url: string, onEvent: (name: string, data: string) => void) => () => void;

export interface HttpClientOptions {
  /** Origin of the engine's HTTP server; empty means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  openEvents?: EventStreamOpener;
  /** Called when a call fails because the session is missing or expired. */
  onUnauthorized?: () => void;
}

export interface SessionState {
  authenticated: boolean;
  passwordSet: boolean;
}

export interface HttpAdminClient extends AdminClient {
  session(): Promise<SessionState>;
  login(password: string): Promise<void>;
  logout(): Promise<void>;
  /** Start receiving events; the stream needs a session, so it opens after login. */
  connectEvents(): void;
}

const eventNames: AdminEventName[] = ['server.status', 'post.progress', 'import.progress', 'log'];

function browserEvents(url: string, onEvent: (name: string, data: string) => void): () => void {
  const source = new EventSource(url);
  for (const name of eventNames) source.addEventListener(name, (event) => onEvent(name, (event as MessageEvent<string>).data));
  return () => source.close();
}

/** An admin client over the engine's HTTP API, with the login session and CSRF token it needs. */
export function createHttpClient(options: HttpClientOptions = {}): HttpAdminClient {
  const base = options.baseUrl ?? '';
  const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  const openEvents = options.openEvents ?? browserEvents;
  const listeners = new Listeners();
  let csrfToken: string | null = null;
  let closeEvents: (() => void) | null = null;

  async function post(path: string, name: string, body: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetcher(`${base}${path}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-lyre-csrf': csrfToken } : {}) },
        body: JSON.stringify(body ?? {}),
      });
    } catch (error) {
      throw unreachable(name, error);
    }
    const payload = (await response.json().catch(() => null)) as { result?: unknown; error?: ErrorRecord } | null;
    if (response.ok && payload && 'result' in payload) return payload.result;
    if (response.ok && payload && !payload.error) return payload;
    const record = payload?.error ?? { kind: 'internal', message: `HTTP ${response.status} from the engine without an error record.` };
    if (record.kind === 'unauthorized') options.onUnauthorized?.();
    throw new AdminCallError(name, record);
  }

  const client: HttpAdminClient = {
    call: (method, input) => post(`/api/rpc/${encodeURIComponent(method)}`, method, input) as never,
    on: (name, listener) => listeners.add(name, listener),

    async session() {
      const response = await fetcher(`${base}/api/session`, { credentials: 'same-origin' }).catch((error: unknown) => {
        throw unreachable('session', error);
      });
      const state = (await response.json()) as SessionState & { csrfToken: string | null };
      csrfToken = state.csrfToken;
      return { authenticated: state.authenticated, passwordSet: state.passwordSet };
    },

    async login(password) {
      const result = (await post('/api/login', 'login', { password })) as { csrfToken: string };
      csrfToken = result.csrfToken;
    },

    async logout() {
      await post('/api/logout', 'logout', {});
      csrfToken = null;
      closeEvents?.();
      closeEvents = null;
    },

    connectEvents() {
      closeEvents?.();
      closeEvents = openEvents(`${base}/api/events`, (name, data) => {
        if ((eventNames as string[]).includes(name)) listeners.emit(name as AdminEventName, JSON.parse(data));
      });
    },

    close() {
      closeEvents?.();
      closeEvents = null;
    },
  };
  return client;
}
