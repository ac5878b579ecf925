/** Kinds of failure every layer agrees on; the admin API sends them as error records. */
export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unauthorized' | 'forbidden' | 'unavailable' | 'internal';

/** An error whose message is written for the person who caused it: the value and what to do. */
export class LyreError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'LyreError';
  }
}
