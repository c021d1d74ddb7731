import type { ApiKey, Db, Organization } from '@whetstone/db';
import type { Redis } from '@whetstone/queue';
import { authenticateApiKey, hashApiKey, touchApiKey, type AuthResult } from './api-keys';

interface Entry {
  organization: Organization;
  apiKey: ApiKey;
  expiresAt: number;
}

export interface ApiKeyCacheOptions {
  /** Redis channel every API replica listens on for tenant changes. */
  channel: string;
  /** Backstop lifetime of an entry; invalidation normally removes it first. */
  ttlMs?: number;
  maxEntries?: number;
  logger?: { warn(details: object, message: string): void };
}

/**
 * API-key authentication with an in-process cache, so a request costs no database round trip.
 * A revoked key or a changed organization (quotas, limits) must stop being served at once on
 * every replica: changes are announced on a Redis channel (announceTenantChange) that every
 * replica's cache subscribes to. While that subscription is not live (connecting, Redis down)
 * the cache is empty and bypassed, so a missed announcement can never leave a stale entry; a
 * generation counter keeps a lookup that raced an announcement from caching what it read.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private live = false;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly db: Db,
    /** Subscribed to the channel (a subscribed connection can issue nothing else). */
    private readonly subscriber: Redis,
    /** Any ordinary connection, to announce changes. */
    private readonly publisher: Redis,
    private readonly options: ApiKeyCacheOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    subscriber.on('message', (channel: string, orgId: string) => {
      if (channel === options.channel) this.forgetOrganization(orgId);
    });
    subscriber.on('ready', () => void this.subscribe());
    subscriber.on('close', () => this.pause());
    if (subscriber.status === 'ready') void this.subscribe();
  }

  /** Whether entries are being served (the invalidation channel is subscribed). */
  get active(): boolean {
    return this.live;
  }

  /**
   * The organization of a key served from the cache, without any I/O and without recording a
   * use (authenticate does that); null when the key is not cached. For work that may start
   * before authentication, such as counting the organization's rate limit in the same round
   * trip as the client IP's.
   */
  peekOrganization(presented: string): Organization | null {
    if (!this.live) return null;
    const hit = this.entries.get(hashApiKey(presented));
    return hit && hit.expiresAt > Date.now() ? hit.organization : null;
  }

  async authenticate(presented: string): Promise<AuthResult> {
    const hash = hashApiKey(presented);
    const now = Date.now();
    const hit = this.live ? this.entries.get(hash) : undefined;
    if (hit && hit.expiresAt > now) {
      touchApiKey(this.db, hit.apiKey, now).catch((err) => this.options.logger?.warn({ err }, 'could not record key use'));
      return { ok: true, organization: hit.organization, apiKey: hit.apiKey };
    }
    const generation = this.generation;
    const result = await authenticateApiKey(this.db, presented);
    if (result.ok && this.live && generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(hash, { organization: result.organization, apiKey: result.apiKey, expiresAt: now + this.ttlMs });
    }
    return result;
  }

  /**
   * After a committed change to an organization's keys or settings: forgets it here at once and
   * tells every other replica. Throws when Redis cannot take the announcement, so the caller
   * fails and the operator retries (revoking and setting quotas are idempotent).
   */
  async tenantChanged(orgId: string): Promise<void> {
    this.forgetOrganization(orgId);
    await this.publisher.publish(this.options.channel, orgId);
  }

  /** Drops every entry of one organization (its keys or its settings changed). */
  forgetOrganization(orgId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.organization.id === orgId) this.entries.delete(hash);
  }

  private pause(): void {
    this.live = false;
    this.generation++;
    this.entries.clear();
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.options.channel);
      this.generation++;
      this.live = true;
    } catch (err) {
      this.options.logger?.warn({ err }, 'auth cache: could not subscribe to invalidations; serving from the database');
    }
  }
}

/** The invalidation channel of one deployment (QUEUE_PREFIX separates deployments sharing Redis). */
export const tenantChangeChannel = (prefix: string) => `${prefix}:tenant-changed`;
