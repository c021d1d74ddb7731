import { DEFAULT_RETRY_POLICY, nextRetryDelay, planNextAttempt, shouldGiveUp, type RetryPolicy } from '../src';
import { seededRandom } from './support/seeded-random';

const HOUR = 3600;
const policy = DEFAULT_RETRY_POLICY;

/** Runs the schedule for an endpoint that always fails: the send times, in seconds after the first. */
function simulateAlwaysFailing(random: () => number, p: RetryPolicy = policy): number[] {
  const firstAttemptAt = new Date('2025-03-01T00:00:00Z');
  const sendTimes = [0];
  for (let attempt = 1; ; attempt += 1) {
    const now = new Date(firstAttemptAt.getTime() + sendTimes[sendTimes.length - 1]! * 1000);
    const plan = planNextAttempt({ attempt, firstAttemptAt, now, random, policy: p });
    if (plan.giveUp) return sendTimes;
    sendTimes.push((plan.runAt.getTime() - firstAttemptAt.getTime()) / 1000);
  }
}

describe('nextRetryDelay', () => {
  test('without jitter the steps are 5 s doubling, capped at 16 h (hand-computed)', () => {
    const noJitter = () => 0;
    const steps = Array.from({ length: 17 }, (_, i) => nextRetryDelay(i + 1, { random: noJitter }));
    expect(steps.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    expect(steps[13]).toBe(5 * 2 ** 13); // 40,960 s, the last step under the cap
    expect(steps[14]).toBe(16 * HOUR); // 5 * 2^14 = 81,920 s would exceed 57,600 s
    expect(steps[15]).toBe(16 * HOUR);
    expect(steps[16]).toBe(16 * HOUR);
  });

  test('with seeded jitter every delay stays within [step * (1 - jitterRatio), step]', () => {
    const random = seededRandom(42);
    for (let attempt = 1; attempt <= 30; attempt += 1) {
      const step = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** (attempt - 1));
      for (let draw = 0; draw < 50; draw += 1) {
        const delay = nextRetryDelay(attempt, { random });
        expect(delay).toBeGreaterThanOrEqual(step * (1 - policy.jitterRatio));
        expect(delay).toBeLessThanOrEqual(step);
      }
    }
  });

  test('jitter actually spreads delays across its range', () => {
    const random = seededRandom(7);
    const delays = Array.from({ length: 500 }, () => nextRetryDelay(10, { random }));
    const step = 5 * 2 ** 9;
    expect(Math.min(...delays)).toBeLessThan(step * 0.55);
    expect(Math.max(...delays)).toBeGreaterThan(step * 0.95);
  });

  test('full jitter (jitterRatio 1) draws from the whole [0, step] range', () => {
    const full = { ...policy, jitterRatio: 1 };
    expect(nextRetryDelay(3, { random: () => 0.999999, policy: full })).toBeCloseTo(0, 3);
    expect(nextRetryDelay(3, { random: () => 0, policy: full })).toBe(20);
  });

  test('Retry-After lengthens a short backoff, never shortens a long one, and is capped', () => {
    const noJitter = () => 0;
    expect(nextRetryDelay(1, { random: noJitter, retryAfterSeconds: 120 })).toBe(120);
    expect(nextRetryDelay(14, { random: noJitter, retryAfterSeconds: 1 })).toBe(5 * 2 ** 13);
    expect(nextRetryDelay(1, { random: noJitter, retryAfterSeconds: 30 * 24 * HOUR })).toBe(policy.maxRetryAfterSeconds);
  });

  test('refuses a non-positive attempt number', () => {
    expect(() => nextRetryDelay(0)).toThrow(/attempt/);
  });
});

describe('shouldGiveUp', () => {
  const first = new Date('2025-03-01T00:00:00Z');
  const after = (seconds: number) => new Date(first.getTime() + seconds * 1000);

  test('keeps going inside the 72 h window, stops at its end', () => {
    expect(shouldGiveUp(5, first, after(71 * HOUR))).toBe(false);
    expect(shouldGiveUp(5, first, after(72 * HOUR))).toBe(true);
  });

  test('stops at maxAttempts even inside the window', () => {
    expect(shouldGiveUp(policy.maxAttempts - 1, first, after(HOUR))).toBe(false);
    expect(shouldGiveUp(policy.maxAttempts, first, after(HOUR))).toBe(true);
  });
});

describe('the whole schedule for an endpoint that always fails', () => {
  test.each([1, 2, 3, 4, 5])('spans exactly 72 h in 15 to 25 attempts (seed %i)', (seed) => {
    const sendTimes = simulateAlwaysFailing(seededRandom(seed));
    expect(sendTimes[sendTimes.length - 1]).toBe(72 * HOUR);
    expect(sendTimes.length).toBeGreaterThanOrEqual(15);
    expect(sendTimes.length).toBeLessThanOrEqual(25);
    // Send times strictly increase: no two attempts at once.
    for (let i = 1; i < sendTimes.length; i += 1) expect(sendTimes[i]!).toBeGreaterThan(sendTimes[i - 1]!);
  });

  test('the first retries are quick and the gaps grow: 5 s to 10 s, then 10 s to 20 s', () => {
    const sendTimes = simulateAlwaysFailing(seededRandom(9));
    expect(sendTimes[1]).toBeGreaterThanOrEqual(2.5);
    expect(sendTimes[1]).toBeLessThanOrEqual(5);
    expect(sendTimes[2]! - sendTimes[1]!).toBeGreaterThanOrEqual(5);
    expect(sendTimes[2]! - sendTimes[1]!).toBeLessThanOrEqual(10);
  });

  test('the give-up reason says why', () => {
    const firstAttemptAt = new Date(0);
    expect(planNextAttempt({ attempt: 3, firstAttemptAt, now: new Date(72 * HOUR * 1000) })).toEqual({
      giveUp: true,
      reason: 'gave up after 72 h of retries',
    });
    expect(planNextAttempt({ attempt: policy.maxAttempts, firstAttemptAt, now: new Date(1000) })).toEqual({
      giveUp: true,
      reason: `gave up after ${policy.maxAttempts} attempts`,
    });
  });
});
