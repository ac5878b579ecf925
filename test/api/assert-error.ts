import assert from 'node:assert/strict';

import type { ErrorKind } from '../../engine/errors.ts';

/** Await a call that must fail, and check the error's kind, method and message. */
export async function rejectsWith(call: Promise<unknown>, kind: ErrorKind, method: string, message?: RegExp): Promise<void> {
  await assert.rejects(call, (error: Error & { kind?: string; method?: string }) => {
    assert.equal(error.name, 'AdminCallError');
    assert.equal(error.kind, kind);
    assert.equal(error.method, method);
    if (message) assert.match(error.message, message);
    return true;
  });
}
