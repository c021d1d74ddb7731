import { randomUUID } from 'node:crypto';
import { createRedis, type Redis } from '@whetstone/queue';
import { LEASE_MAX, LEASE_SHARE, TokenLeases, WINDOW_MS } from '../src/plugins/token-leases';

// Two API replicas: each its own leases and its own connection to the same Redis.
let connections: Redis[] = [];
const replica = () => {
  const redis = createRedis(process.env.REDIS_URL!, 'requests');
  connections.push(redis);
  return { redis, leases: new TokenLeases(redis) };
};
afterEach(async () => {
  await Promise.all(connections.map((r) => (r.status === 'end' ? undefined : r.quit().catch(() => r.disconnect()))));
  connections = [];
});

// Mid-minute, so a test's requests all fall in one window.
const minuteStart = () => Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
const window = (max: number) => ({ key: `test:${randomUUID()}`, max });

/**
 * Spends from the replicas in turn (`pick` chooses) until every replica is refused: what was
 * served when the first refusal came, and in all.
 */
async function drain(replicas: TokenLeases[], windows: ReturnType<typeof window>[], now: number, pick: (i: number) => number) {
  let served = 0;
  let atFirstRefusal: number | null = null;
  const refusedBy = new Set<number>();
  for (let i = 0; refusedBy.size < replicas.length && i < 100_000; i++) {
    const r = pick(i);
    const { refused } = await replicas[r]!.take(windows, now);
    if (refused === -1) served++;
    else {
      refusedBy.add(r);
      atFirstRefusal ??= served;
    }
  }
  return { served, atFirstRefusal: atFirstRefusal! };
}

describe('rate-limit token leases (real Redis, two replicas)', () => {
  it('serves exactly the limit across replicas in all, and refuses at most one lease early per other replica', async () => {
    const now = minuteStart() + 1_000;
    for (const max of [1_000, 5_000]) {
      const w = window(max);
      const a = replica().leases;
      const b = replica().leases;
      // Uneven traffic: two of every three requests reach A.
      const { served, atFirstRefusal } = await drain([a, b], [w], now, (i) => (i % 3 === 2 ? 1 : 0));
      expect(served).toBe(max);
      // Leases shrink as the window fills, so replicas that both keep getting traffic strand little.
      expect(atFirstRefusal).toBeGreaterThanOrEqual(max - Math.min(LEASE_MAX, Math.floor(max / LEASE_SHARE)));
    }
  });

  it('refuses at most one lease early when the replica holding it gets no more traffic', async () => {
    const now = minuteStart() + 1_000;
    for (const max of [100, 1_000, 5_000]) {
      const w = window(max);
      const a = replica().leases;
      const b = replica().leases;
      expect((await a.take([w], now)).refused).toBe(-1); // A leases a batch and spends one
      const lease = Math.min(LEASE_MAX, Math.floor(max / LEASE_SHARE));
      const { atFirstRefusal } = await drain([b], [w], now, () => 0);
      expect(1 + atFirstRefusal).toBe(max - (lease - 1));
    }
  });

  it('counts a small limit exactly across replicas (leases of one token)', async () => {
    const now = minuteStart() + 1_000;
    const w = window(10);
    const a = replica().leases;
    const b = replica().leases;
    const outcomes: number[] = [];
    for (let i = 0; i < 16; i++) outcomes.push((await (i % 2 ? b : a).take([w], now)).refused);
    expect(outcomes).toEqual([...Array(10).fill(-1), ...Array(6).fill(0)]);
  });

  it('stops at the first refused window: an exhausted IP window does not spend the organization', async () => {
    const now = minuteStart() + 1_000;
    const ip = window(2);
    const org = window(3);
    const { leases } = replica();
    expect((await leases.take([ip, org], now)).refused).toBe(-1);
    expect((await leases.take([ip, org], now)).refused).toBe(-1);
    expect((await leases.take([ip, org], now)).refused).toBe(0);
    expect((await leases.take([ip, org], now)).refused).toBe(0);
    // The organization spent 2 of its 3, so one more from another address passes, then it refuses.
    const other = window(100);
    expect((await leases.take([other, org], now)).refused).toBe(-1);
    expect((await leases.take([other, org], now)).refused).toBe(1);
  });

  it('serves again at once when the limit is raised mid-minute, and a new minute starts a new window', async () => {
    const now = minuteStart() + 1_000;
    const { leases } = replica();
    const w = window(2);
    await drain([leases], [w], now, () => 0);
    const raised = await leases.take([{ ...w, max: 3 }], now);
    expect(raised.refused).toBe(-1);
    expect((await leases.take([{ ...w, max: 3 }], now)).refused).toBe(0);
    const refused = await leases.take([w], now);
    expect(refused.resetMs).toBe(WINDOW_MS - 1_000);
    expect((await leases.take([w], now + WINDOW_MS)).refused).toBe(-1);
  });

  it('does not spend leased tokens once the Redis connection is lost: the caller sees the outage at once', async () => {
    const now = minuteStart() + 1_000;
    const { redis, leases } = replica();
    const w = window(1_000_000);
    expect((await leases.take([w], now)).refused).toBe(-1); // leased LEASE_MAX, spent one
    expect((await leases.take([w], now)).refused).toBe(-1); // from the lease
    const ended = new Promise((resolve) => redis.once('end', resolve));
    redis.disconnect();
    await ended;
    await expect(leases.take([w], now)).rejects.toThrow(/rate limiter/);
  });
});
