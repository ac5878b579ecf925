import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface AdminSession {
  id: string;
  /** Sent back by the client in a header on every call: a synchronizer CSRF token. */
  csrfToken: string;
  /** The password hash the session was opened with; a new password ends the session. */
  passwordHash: string;
  expiresAt: number;
}

/**
 * Administrator sessions in memory. A restart of the engine ends them, which only
 * means logging in again. Sessions expire after `idleMs` without a request.
 */
export class AdminSessions {
  readonly #sessions = new Map<string, AdminSession>();

  constructor(
    readonly idleMs = 12 * 3_600_000,
    readonly maxSessions = 1_000,
  ) {}

  create(passwordHash: string): AdminSession {
    if (this.#sessions.size >= this.maxSessions) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest !== undefined) this.#sessions.delete(oldest);
    }
    const session: AdminSession = {
      id: randomBytes(32).toString('base64url'),
      csrfToken: randomBytes(32).toString('base64url'),
      passwordHash,
      expiresAt: Date.now() + this.idleMs,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, its expiry pushed back; undefined when unknown, expired or stale. */
  get(id: string | undefined, currentPasswordHash: string | undefined): AdminSession | undefined {
    if (!id) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt < Date.now() || session.passwordHash !== currentPasswordHash) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.expiresAt = Date.now() + this.idleMs;
    return session;
  }

  destroy(id: string | undefined): void {
    if (id) this.#sessions.delete(id);
  }
}

/** Compare a CSRF token from a request with the session's, in constant time. */
export function csrfMatches(session: AdminSession, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(token);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
