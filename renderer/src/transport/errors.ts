import type { ErrorRecord } from '../../../engine/api/contract.ts';

/** A failed admin call, rebuilt in the renderer from the error record with the method's name. */
export class AdminCallError extends Error {
  readonly kind: ErrorRecord['kind'];

  constructor(
    readonly method: string,
    record: ErrorRecord,
  ) {
    super(record.message);
    this.name = 'AdminCallError';
    this.kind = record.kind;
  }
}

/** The record a transport failure is reported as, when the engine could not be reached at all. */
export function unreachable(method: string, cause: unknown): AdminCallError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AdminCallError(method, { kind: 'unavailable', message: `The Lyre engine could not be reached (${reason}); check that it is running.` });
}
