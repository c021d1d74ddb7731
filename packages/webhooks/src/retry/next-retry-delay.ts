import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

export interface NextRetryDelayOptions {
  /** Parsed from the failed attempt's Retry-After header, if any. */
  retryAfterSeconds?: number;
  /** Uniform in [0, 1); injectable so schedules are reproducible in tests. */
  random?: () => number;
  policy?: RetryPolicy;
}

/**
 * Seconds to wait after attempt `attempt` (1-based) failed. Exponential with jitter; a
 * Retry-After makes the wait at least that long (capped at maxRetryAfterSeconds), never shorter
 * than our own backoff, so a receiver cannot make us hammer it.
 */
export function nextRetryDelay(attempt: number, options: NextRetryDelayOptions = {}): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new Error(`attempt must be a positive integer, got ${attempt}`);
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const step = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * policy.multiplier ** (attempt - 1));
  const backoff = step * (1 - policy.jitterRatio * random());
  const requested = Math.min(options.retryAfterSeconds ?? 0, policy.maxRetryAfterSeconds);
  return Math.max(backoff, requested);
}

/** True once attempt `attempt` was the last one: too many sends, or the retry window is over. */
export function shouldGiveUp(attempt: number, firstAttemptAt: Date, now: Date, policy: RetryPolicy = DEFAULT_RETRY_POLICY): boolean {
  const elapsedSeconds = (now.getTime() - firstAttemptAt.getTime()) / 1000;
  return attempt >= policy.maxAttempts || elapsedSeconds >= policy.maxElapsedSeconds;
}

export interface PlanNextAttemptInput extends NextRetryDelayOptions {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  firstAttemptAt: Date;
  now: Date;
}

export type NextAttemptPlan =
  | { giveUp: true; reason: string }
  | { giveUp: false; delaySeconds: number; runAt: Date };

/**
 * What the worker does after a failed attempt: give up, or retry after a delay. The last retry
 * is pulled in to land exactly at the end of the window, so the schedule spans maxElapsed
 * rather than overshooting it by up to one step.
 */
export function planNextAttempt(input: PlanNextAttemptInput): NextAttemptPlan {
  const policy = input.policy ?? DEFAULT_RETRY_POLICY;
  if (shouldGiveUp(input.attempt, input.firstAttemptAt, input.now, policy)) {
    const reason =
      input.attempt >= policy.maxAttempts
        ? `gave up after ${input.attempt} attempts`
        : `gave up after ${Math.round(policy.maxElapsedSeconds / 3600)} h of retries`;
    return { giveUp: true, reason };
  }
  const windowEnd = input.firstAttemptAt.getTime() + policy.maxElapsedSeconds * 1000;
  const untilWindowEnd = (windowEnd - input.now.getTime()) / 1000;
  const delaySeconds = Math.min(nextRetryDelay(input.attempt, input), untilWindowEnd);
  return { giveUp: false, delaySeconds, runAt: new Date(input.now.getTime() + delaySeconds * 1000) };
}
