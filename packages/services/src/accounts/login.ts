import { createHash } from 'node:crypto';
import { AuthenticationError, RateLimitError, ServiceUnavailableError } from '@whetstone/common';
import type { Db, Session, User } from '@whetstone/db';
import type { Redis } from '@whetstone/queue';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { createSession } from './sessions';
import { normalizeEmail } from './users';

export interface LoginLimits {
  /** Failed logins allowed per email address within the window (whether or not it has an account). */
  perAccount: number;
  /** Failed logins allowed per client IP within the window. */
  perIp: number;
  windowSeconds: number;
}

const KEY_PREFIX = 'whetstone-login-failures:';
const accountKey = (email: string) => `${KEY_PREFIX}account:${createHash('sha256').update(email).digest('hex')}`;
const ipKey = (ip: string) => `${KEY_PREFIX}ip:${ip}`;

// One message for every failure, so a response never says whether the email has an account.
const INVALID = 'Incorrect email or password.';

async function redisCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch {
    // Without the counters, logins cannot be throttled: refuse rather than allow guessing.
    throw new ServiceUnavailableError('Sign-in is unavailable right now; try again shortly.', 'login_unavailable');
  }
}

async function refuseWhenThrottled(redis: Redis, keys: string[], limits: number[]): Promise<void> {
  const counts = await redisCall(() => redis.mget(...keys));
  for (let i = 0; i < keys.length; i++) {
    if (Number(counts[i] ?? 0) >= limits[i]!) {
      const ttl = await redisCall(() => redis.ttl(keys[i]!));
      throw new RateLimitError('Too many failed sign-in attempts. Try again later.', Math.max(1, ttl), 'login_rate_limited');
    }
  }
}

async function recordFailure(redis: Redis, keys: string[], windowSeconds: number): Promise<void> {
  await redisCall(async () => {
    const tx = redis.multi();
    for (const key of keys) tx.incr(key).expire(key, windowSeconds, 'NX');
    await tx.exec();
  });
}

/** Checks the password (Argon2id), throttled per account and per IP; opens a session on success. */
export async function logIn(
  deps: { db: Db; redis: Redis },
  input: { email: string; password: string; ip: string },
  limits: LoginLimits,
): Promise<{ user: User; session: Session; token: string }> {
  const email = normalizeEmail(input.email);
  const keys = [accountKey(email), ipKey(input.ip)];
  await refuseWhenThrottled(deps.redis, keys, [limits.perAccount, limits.perIp]);

  const user = await deps.db.user.findUnique({ where: { email } });
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  if (!user || !ok) {
    await recordFailure(deps.redis, keys, limits.windowSeconds);
    throw new AuthenticationError(INVALID, 'invalid_credentials');
  }
  await redisCall(() => deps.redis.del(keys[0]!));
  const { session, token } = await createSession(deps.db, user.id);
  return { user, session, token };
}
