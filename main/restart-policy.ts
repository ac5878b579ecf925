/** When to restart a crashed engine, and when to stop trying. */
export interface RestartPolicyOptions {
  /** Delay before the first restart; doubles with every crash still inside the window. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** This many crashes within `windowMs` mean the engine cannot run: stop restarting. */
  maxCrashes: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxCrashes: 5,
  windowMs: 3 * 60_000,
};

export type RestartDecision =
  { restart: true; delayMs: number; recentCrashes: number } | { restart: false; recentCrashes: number };

export class RestartPolicy {
  readonly #options: RestartPolicyOptions;
  #crashTimes: number[] = [];

  constructor(options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {
    this.#options = options;
  }

  /** Records a crash at `now` (milliseconds) and decides what to do about it. */
  recordCrash(now: number): RestartDecision {
    const { initialDelayMs, maxDelayMs, maxCrashes, windowMs } = this.#options;
    this.#crashTimes = this.#crashTimes.filter((time) => now - time < windowMs);
    this.#crashTimes.push(now);

    const recentCrashes = this.#crashTimes.length;
    if (recentCrashes >= maxCrashes) return { restart: false, recentCrashes };

    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** (recentCrashes - 1));
    return { restart: true, delayMs, recentCrashes };
  }

  /** Forgets past crashes, for a start the user asked for after the engine failed. */
  reset(): void {
    this.#crashTimes = [];
  }

  describeWindow(): string {
    const { maxCrashes, windowMs } = this.#options;
    const seconds = Math.round(windowMs / 1000);
    const span = seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
    return `${maxCrashes} crashes within ${span}`;
  }
}
