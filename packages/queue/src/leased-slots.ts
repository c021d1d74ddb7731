import { randomUUID } from 'node:crypto';
import type { Redis } from './connection';

/**
 * Takes one slot in every set or in none: drops expired leases, checks each set against its
 * limit, then adds the lease everywhere. Returns 0 when taken, else the 1-based index of the
 * first full set.
 */
const ACQUIRE = `
local now = tonumber(ARGV[1])
local lease = tonumber(ARGV[3])
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if redis.call('ZCARD', key) >= tonumber(ARGV[3 + i]) then return i end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + lease, ARGV[2])
  redis.call('PEXPIRE', key, lease)
end
return 0`;

export interface HeldSlot {
  release(): Promise<void>;
}

export interface SlotLimit {
  key: string;
  limit: number;
}

/**
 * Counting semaphores in Redis shared by every process: a holder takes a lease in one or more
 * sorted sets (for example "this organization" and "this job"), renews it while it works and
 * removes it when done; a process that dies leaves leases that expire after `leaseMs`.
 */
export class LeasedSlots {
  constructor(
    private readonly redis: Redis,
    private readonly leaseMs = 60_000,
  ) {}

  /** A slot in every set, or `{ full }` naming the first set at its limit. Throws when Redis fails. */
  async acquire(limits: SlotLimit[]): Promise<{ slot: HeldSlot } | { full: SlotLimit }> {
    const member = randomUUID();
    const keys = limits.map((l) => l.key);
    const outcome = Number(await this.redis.eval(ACQUIRE, keys.length, ...keys, Date.now(), member, this.leaseMs, ...limits.map((l) => l.limit)));
    if (outcome > 0) return { full: limits[outcome - 1]! };
    const renew = setInterval(() => {
      const multi = this.redis.multi();
      for (const key of keys) multi.zadd(key, 'XX', Date.now() + this.leaseMs, member).pexpire(key, this.leaseMs);
      void multi.exec().catch(() => undefined);
    }, Math.max(1000, Math.floor(this.leaseMs / 3)));
    renew.unref();
    return {
      slot: {
        release: async () => {
          clearInterval(renew);
          const multi = this.redis.multi();
          for (const key of keys) multi.zrem(key, member);
          await multi.exec().catch(() => undefined);
        },
      },
    };
  }
}
