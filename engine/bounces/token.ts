import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { StateStore } from '../store/settings.ts';

/**
 * Signed tokens for per-member addresses and links. Each token carries ids in base 36
 * and an HMAC-SHA256 truncated to 16 base-32 characters (80 bits), keyed by a secret
 * made at first start. Tokens are lowercase so that they survive MTAs that fold the
 * case of local parts.
 */
export type TokenPurpose = 'bounce' | 'leave' | 'unsubscribe' | 'member' | 'confirm';

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export class TokenSigner {
  constructor(private readonly secret: Buffer) {}

  /** Load the server's secret from the store, creating it on first use. */
  static fromState(state: StateStore): TokenSigner {
    const hex = state.getOrCreate('token.secret', () => randomBytes(32).toString('hex'));
    return new TokenSigner(Buffer.from(hex, 'hex'));
  }

  #signature(purpose: TokenPurpose, ids: number[]): string {
    const mac = createHmac('sha256', this.secret).update(`${purpose}:${ids.join(':')}`).digest();
    return base32(mac, 16);
  }

  sign(purpose: TokenPurpose, ids: number[]): string {
    return [...ids.map((id) => id.toString(36)), this.#signature(purpose, ids)].join('-');
  }

  /** Return the ids of a valid token, or null when it is malformed or its signature is wrong. */
  verify(purpose: TokenPurpose, token: string, idCount: number): number[] | null {
    const parts = token.toLowerCase().split('-');
    if (parts.length !== idCount + 1) return null;
    const ids = parts.slice(0, idCount).map((p) => (/^[0-9a-z]{1,12}$/.test(p) ? parseInt(p, 36) : NaN));
    if (ids.some((id) => !Number.isSafeInteger(id))) return null;
    const expected = Buffer.from(this.#signature(purpose, ids));
    const given = Buffer.from(parts[idCount]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return ids;
  }

  /** Split the ids out of a token without checking its signature, for logging a forgery. */
  static unverifiedIds(token: string, idCount: number): number[] {
    return token
      .toLowerCase()
      .split('-')
      .slice(0, idCount)
      .map((p) => parseInt(p, 36));
  }
}
