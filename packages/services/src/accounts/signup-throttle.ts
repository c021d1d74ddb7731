import { RateLimitError, ServiceUnavailableError } from '@whetstone/common';
import type { Redis } from '@whetstone/queue';

export interface SignupLimits {
  /** Sign-up attempts allowed per client IP within the window (successful or not). */
  perIp: number;
  windowSeconds: number;
}

const ipKey = (ip: string) => `whetstone-signup-attempts:ip:${ip}`;

/**
 * Counts a sign-up attempt from `ip` and refuses it (429 `signup_rate_limited`) beyond the limit.
 * Every attempt counts, before any work: each one costs an Argon2id hash, and mass account
 * creation is what the limit is for. Fails closed when Redis is unreachable, like sign-in.
 */
export async function countSignupAttempt(redis: Redis, ip: string, limits: SignupLimits): Promise<void> {
  const key = ipKey(ip);
  let count: number;
  let ttl: number;
  try {
    const replies = await redis.multi().incr(key).expire(key, limits.windowSeconds, 'NX').ttl(key).exec();
    if (!replies || replies.some(([err]) => err)) throw new Error('signup counter transaction failed');
    count = Number(replies[0]![1]);
    ttl = Number(replies[2]![1]);
  } catch {
    throw new ServiceUnavailableError('Sign-up is unavailable right now; try again shortly.', 'signup_unavailable');
  }
  if (count > limits.perIp) {
    throw new RateLimitError('Too many sign-up attempts from this address. Try again later.', Math.max(1, ttl), 'signup_rate_limited');
  }
}
