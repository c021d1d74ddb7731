/**
 * The retry schedule. Attempt 1 is the first send; after attempt n fails, the next waits about
 * min(maxDelay, base * multiplier^(n-1)) seconds, jittered, until maxElapsed after attempt 1.
 */
export interface RetryPolicy {
  baseDelaySeconds: number;
  multiplier: number;
  /** Cap on one step, so late retries stay hours apart rather than days. */
  maxDelaySeconds: number;
  /**
   * How much of each step is random: the delay is drawn from [step * (1 - jitterRatio), step].
   * 1 is "full jitter" (0 to step); the default 0.5 ("equal jitter") still spreads retries from
   * many deliveries apart, but never collapses a late step to seconds, so the whole schedule
   * keeps its shape and the give-up point stays near maxElapsed.
   */
  jitterRatio: number;
  /** Retry-After from the receiver is honoured up to this, so it cannot park an event for weeks. */
  maxRetryAfterSeconds: number;
  /** Backstop on the number of sends, should the other settings be changed. */
  maxAttempts: number;
  /** Retrying stops this long after the first attempt. */
  maxElapsedSeconds: number;
}

const HOUR = 3600;

/** 5 s doubling, steps capped at 16 h, for 72 h: about 20 attempts (5 s, 10 s, 20 s, ... 16 h). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelaySeconds: 5,
  multiplier: 2,
  maxDelaySeconds: 16 * HOUR,
  jitterRatio: 0.5,
  maxRetryAfterSeconds: 6 * HOUR,
  maxAttempts: 25,
  maxElapsedSeconds: 72 * HOUR,
};
