import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

import { LyreError } from '../errors.ts';
import type { Store } from '../store/index.ts';

/** Key in server_state holding the administrator's password hash. */
export const adminPasswordKey = 'admin.passwordHash';

// scrypt cost parameters: N=2^15, r=8, p=1 takes about 32 MiB and tens of
// milliseconds per hash; maxmem must exceed 128 * N * r bytes.
const cost = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const keyLength = 32;
const minLength = 8;

function derive(password: string, salt: Buffer, options: ScryptOptions, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hash a password as `scrypt$N$r$p$salt$key`, with salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost, keyLength);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Check a password against a hash made by `hashPassword`, in constant time. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = hash.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: cost.maxmem };
  const actual = await derive(password, Buffer.from(salt, 'base64url'), options, expected.length);
  return timingSafeEqual(actual, expected);
}

/** Set the administrator password of the web admin. Every open session ends, because sessions are tied to the hash. */
export async function setAdminPassword(store: Store, password: string): Promise<void> {
  if (password.length < minLength) {
    throw new LyreError('invalid', `The password is too short (${password.length} characters); use at least ${minLength}.`);
  }
  store.state.set(adminPasswordKey, await hashPassword(password));
}

export function adminPasswordHash(store: Store): string | undefined {
  return store.state.get(adminPasswordKey);
}

/** Whether `password` is the administrator password; false when none is set. */
export async function verifyAdminPassword(store: Store, password: string): Promise<boolean> {
  const hash = adminPasswordHash(store);
  return hash !== undefined && (await verifyPassword(password, hash));
}
