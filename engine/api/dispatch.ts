import { z } from 'zod';

import type { EngineHandle } from '../engine-types.ts';
import { LyreError, type ErrorKind } from '../errors.ts';
import { contract, type MethodName } from './contract.ts';
import { adminHub } from './hub.ts';
import { handlers } from './methods/index.ts';
import type { MethodContext } from './methods/types.ts';
import type { ErrorRecord } from './views.ts';

const errorKinds: ErrorKind[] = ['invalid', 'not_found', 'conflict', 'unauthorized', 'forbidden', 'unavailable', 'internal'];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

function describeIssues(method: string, error: z.ZodError): string {
  const parts = error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
  return `Invalid input for ${method}: ${parts.join('; ')}.`;
}

/**
 * Turn anything a method threw into the record sent to the client. LyreErrors keep
 * their kind and message; anything else is logged here with its stack and reaches
 * the client as an internal error without details.
 */
export function toErrorRecord(engine: EngineHandle, method: string, error: unknown): ErrorRecord {
  if (error instanceof LyreError && errorKinds.includes(error.kind)) {
    return { kind: error.kind, message: error.message };
  }
  if (error instanceof z.ZodError) return { kind: 'invalid', message: describeIssues(method, error) };
  engine.log.child({ subsystem: 'api' }).error({ err: error, method }, 'FAILED');
  return { kind: 'internal', message: `${method} failed inside the engine; the server log has the details.` };
}

export type CallResult = { result: unknown } | { error: ErrorRecord };

/** Validate a call against the contract and run it on the engine; never throws. */
export function createDispatcher(engine: EngineHandle): (method: string, input: unknown) => Promise<CallResult> {
  const ctx: MethodContext = { engine, hub: adminHub(engine) };

  return async (method, input) => {
    if (!isMethodName(method)) {
      return { error: { kind: 'not_found', message: `Unknown admin method ${JSON.stringify(method)}.` } };
    }
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) return { error: { kind: 'invalid', message: describeIssues(method, parsed.error) } };

    try {
      const handler = handlers[method] as (ctx: MethodContext, input: unknown) => unknown;
      return { result: await handler(ctx, parsed.data) };
    } catch (error) {
      return { error: toErrorRecord(engine, method, error) };
    }
  };
}

