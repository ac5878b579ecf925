import { parseDuration, parseDurations, type Settings } from '../config/schema.ts';

export type RetryDecision = { status: 'deferred'; nextAttemptAt: number } | { status: 'failed'; reason: string };

/**
 * Decide what follows a temporary failure. The waits of `delivery.retrySchedule` are
 * used in order and the last repeats; once the first attempt is older than
 * `delivery.retryFor`, the recipient fails as expired.
 */
export function afterTemporaryFailure(
  settings: Pick<Settings, 'delivery.retrySchedule' | 'delivery.retryFor'>,
  attemptsSoFar: number,
  firstAttemptAt: number,
  now: number,
): RetryDecision {
  const waits = parseDurations(settings['delivery.retrySchedule']);
  const retryFor = parseDuration(settings['delivery.retryFor']);
  if (now - firstAttemptAt >= retryFor) {
    return { status: 'failed', reason: `expired: still failing after ${settings['delivery.retryFor']} of retries` };
  }
  const wait = waits[Math.min(attemptsSoFar, waits.length) - 1] ?? waits[waits.length - 1]!;
  return { status: 'deferred', nextAttemptAt: now + wait };
}
