import { RateLimitError, ServiceUnavailableError } from '@whetstone/common';
import { LeasedSlots, waitUntilReady, type HeldSlot, type Redis } from '@whetstone/queue';

export interface StreamLimits {
  perOrganization: number;
  perJob: number;
}

const REDIS_TIMEOUT_MS = 500;

/**
 * Concurrent Server-Sent Events streams, bounded per organization and per job across every API
 * replica: each open stream holds a lease in two Redis sets (renewed while it lives, released when
 * it ends; a replica that dies leaves leases that expire within a minute).
 */
export class StreamSlots {
  private readonly slots: LeasedSlots;

  constructor(
    private readonly redis: Redis,
    private readonly limits: StreamLimits,
    private readonly prefix = 'whetstone-streams',
  ) {
    this.slots = new LeasedSlots(redis);
  }

  /** Takes a slot or throws 429 `too_many_streams` (the message names the limit); 503 when Redis cannot be asked. */
  async acquire(orgId: string, jobId: string): Promise<HeldSlot> {
    const org = { key: `${this.prefix}:org:${orgId}`, limit: this.limits.perOrganization };
    const job = { key: `${this.prefix}:job:${orgId}:${jobId}`, limit: this.limits.perJob };
    let timer: NodeJS.Timeout | undefined;
    let outcome;
    try {
      outcome = await Promise.race([
        waitUntilReady(this.redis).then(() => this.slots.acquire([org, job])),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('stream slots: redis timeout')), REDIS_TIMEOUT_MS);
        }),
      ]);
    } catch {
      // Unbounded streams are what this guards against: without Redis, none are opened.
      throw new ServiceUnavailableError('Event streams cannot be opened right now; retry shortly or page the events instead.', 'streams_unavailable');
    } finally {
      clearTimeout(timer);
    }
    if ('slot' in outcome) return outcome.slot;
    const what = outcome.full === org ? `${org.limit} event streams can be open per organization` : `${job.limit} event streams can be open per job`;
    throw new RateLimitError(`At most ${what}; close one first.`, 5, 'too_many_streams');
  }
}
