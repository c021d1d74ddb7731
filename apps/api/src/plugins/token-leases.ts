import { waitUntilReady, type Redis } from '@whetstone/queue';

export const WINDOW_MS = 60_000;
/** A limiter that cannot reach Redis within this long counts as down. */
const REDIS_TIMEOUT_MS = 500;
/** The most tokens one lease takes, and the share of a window's remaining budget it may take (1/16). */
export const LEASE_MAX = 64;
export const LEASE_SHARE = 16;
/** Windows remembered per minute in this process; beyond it (a flood from many addresses) each request asks Redis. */
const MAX_LOCAL_WINDOWS = 100_000;

/**
 * Leases tokens from each window in order, stopping after a window with none left (an IP-limited
 * flood must not spend its organization's budget): one script, one round trip however many
 * windows. A lease is min(ARGV[2], max(1, floor(left / ARGV[3]))) tokens, never more than are
 * left, so the windows' totals never exceed their limits. KEYS: the windows; ARGV: the windows'
 * lifetime in ms, the lease cap, the share, then each window's limit. Returns each window's grant.
 */
const LEASE_WINDOWS = `
local grants = {}
for i, key in ipairs(KEYS) do
  local max = tonumber(ARGV[i + 3])
  local left = max - tonumber(redis.call('GET', key) or '0')
  local grant = 0
  if left > 0 then
    grant = math.min(tonumber(ARGV[2]), math.max(1, math.floor(left / tonumber(ARGV[3]))))
    if redis.call('INCRBY', key, grant) == grant then redis.call('PEXPIRE', key, ARGV[1]) end
  end
  grants[i] = grant
  if grant == 0 then break end
end
return grants`;

type LeaseRedis = Redis & { leaseWindows(numberOfKeys: number, ...args: (string | number)[]): Promise<number[]> };

export interface Window {
  key: string;
  max: number;
}

/** A window's state in this process for the current minute. */
interface Local {
  tokens: number;
  /** The limit a lease came back empty under: refused here until the minute ends or the limit changes. */
  exhaustedAt: number | null;
}

/**
 * Fixed one-minute windows counted in Redis and shared by every API replica, spent locally: a
 * replica leases a few tokens at a time (at most LEASE_MAX, at most 1/LEASE_SHARE of what is
 * left) and spends them without a round trip, so a busy organization costs Redis one call per
 * lease, not per request. No window ever serves more than its limit across all replicas (Redis
 * hands out at most what is left); the price is that tokens one replica holds unspent are
 * refused elsewhere, so with N replicas a window may refuse requests up to (N-1)·LEASE_MAX
 * (and at most (N-1)·limit/LEASE_SHARE) before its limit, and tokens left at the minute's end are
 * lost with it. Near the limit leases shrink to one token, so small limits count exactly.
 * A limit lowered mid-minute applies to the next lease: tokens already leased under the old one
 * (at most LEASE_MAX per replica) are still spent. Local tokens are spent only while the
 * connection is ready: an outage is noticed at once.
 */
export class TokenLeases {
  private readonly redis: LeaseRedis;
  private minute = -1;
  private local = new Map<string, Local>();

  constructor(redis: Redis) {
    this.redis = redis as LeaseRedis;
    if (typeof this.redis.leaseWindows !== 'function') redis.defineCommand('leaseWindows', { lua: LEASE_WINDOWS });
  }

  /**
   * Takes one token from each window in order, stopping at the first that has none: returns that
   * window's index (or -1 when all passed) and the milliseconds left in the minute. Throws when
   * Redis does not answer (nothing taken then).
   */
  async take(windows: Window[], now: number): Promise<{ refused: number; resetMs: number }> {
    const minute = Math.floor(now / WINDOW_MS);
    const resetMs = (minute + 1) * WINDOW_MS - now;
    if (minute !== this.minute) {
      this.minute = minute;
      this.local = new Map();
    }
    const ready = this.redis.status === 'ready';
    // Each window up to the first refused here: a token taken from this process's lease, or null (lease one).
    const taken: (Local | null)[] = [];
    let refusedHere = -1;
    for (const w of windows) {
      const state = ready ? this.local.get(w.key) : undefined;
      if (state && state.exhaustedAt === w.max) {
        refusedHere = taken.length;
        break;
      }
      if (state && state.tokens > 0) {
        state.tokens--; // before any await: concurrent requests cannot spend the same token
        taken.push(state);
      } else taken.push(null);
    }
    const short = windows.filter((_, i) => i < taken.length && taken[i] === null);
    const refund = (from: number) => taken.slice(from).forEach((state) => state && state.tokens++);
    let grants: number[] = [];
    if (short.length > 0) {
      try {
        grants = await this.lease(short, minute);
      } catch (err) {
        refund(0);
        throw err;
      }
    }
    // Leased tokens belong to this minute's windows only.
    const current = this.minute === minute;
    for (let i = 0, leased = 0; i < taken.length; i++) {
      if (taken[i]) continue;
      const w = windows[i]!;
      const state = this.state(w.key, current);
      const grant = grants[leased++] ?? 0;
      if (grant === 0) {
        state.exhaustedAt = w.max;
        refund(i + 1);
        return { refused: i, resetMs };
      }
      state.exhaustedAt = null;
      state.tokens += grant - 1;
    }
    return { refused: refusedHere, resetMs };
  }

  private state(key: string, current: boolean): Local {
    let state = current ? this.local.get(key) : undefined;
    if (!state) {
      state = { tokens: 0, exhaustedAt: null };
      if (current && this.local.size < MAX_LOCAL_WINDOWS) this.local.set(key, state);
    }
    return state;
  }

  private async lease(windows: Window[], minute: number): Promise<number[]> {
    if (windows.length === 0) return [];
    const redis = this.redis;
    // Only a first connection is waited for; a lost one counts as down at once.
    if (redis.status !== 'ready' && redis.status !== 'connecting' && redis.status !== 'connect') throw new Error(`rate limiter: redis ${redis.status}`);
    const keys = windows.map((w) => `whetstone-ratelimit:${w.key}:${minute}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      const grants = await Promise.race([
        (redis.status === 'ready' ? Promise.resolve() : waitUntilReady(redis)).then(() =>
          redis.leaseWindows(keys.length, ...keys, WINDOW_MS * 2, LEASE_MAX, LEASE_SHARE, ...windows.map((w) => w.max)),
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('rate limiter: redis timeout')), REDIS_TIMEOUT_MS);
        }),
      ]);
      return grants.map(Number);
    } finally {
      clearTimeout(timer);
    }
  }
}
