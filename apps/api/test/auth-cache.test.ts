import { setTimeout as sleep } from 'node:timers/promises';
import { admin, createTenant, startApi } from './support/harness';

type Api = Awaited<ReturnType<typeof startApi>>;

/** Two API processes' worth of app (own caches, own subscriber connections) on the same services. */
let one: Api;
let two: Api;
beforeAll(async () => {
  [one, two] = await Promise.all([startApi(), startApi()]);
  // Both caches serve only once their invalidation channel is subscribed.
  for (let i = 0; !(one.deps.auth.active && two.deps.auth.active); i++) {
    if (i > 100) throw new Error('auth caches never subscribed');
    await sleep(20);
  }
});
afterAll(async () => {
  await Promise.all([one.close(), two.close()]);
});

const whoAmI = (api: Api, headers: Record<string, string>) => api.app.inject({ method: 'GET', url: '/v1/organization', headers });

describe('API-key cache across replicas', () => {
  it('refuses a key revoked on another replica at once, though it was cached', async () => {
    const tenant = await createTenant(one.app, 'auth-cache-revoke');
    expect((await whoAmI(two, tenant.headers)).statusCode).toBe(200); // now cached on `two`
    const revoke = await one.app.inject({ method: 'DELETE', url: `/admin/v1/organizations/${tenant.orgId}/api_keys/${tenant.keyId}`, headers: admin });
    expect(revoke.statusCode).toBe(200);
    // Pub/sub delivery to the other replica is asynchronous but immediate; allow it a moment.
    let status = 0;
    for (let i = 0; i < 50; i++) {
      status = (await whoAmI(two, tenant.headers)).statusCode;
      if (status === 401) break;
      await sleep(10);
    }
    expect(status).toBe(401);
    expect((await whoAmI(two, tenant.headers)).json().error.code).toBe('revoked_api_key');
    expect((await whoAmI(one, tenant.headers)).statusCode).toBe(401);
  });

  it('applies quota changes made on another replica to the next requests', async () => {
    const tenant = await createTenant(one.app, 'auth-cache-quotas', { max_queued_jobs: 3 });
    expect((await whoAmI(two, tenant.headers)).json().quotas.max_queued_jobs).toBe(3);
    const set = await one.app.inject({ method: 'POST', url: `/admin/v1/organizations/${tenant.orgId}/quotas`, headers: admin, payload: { max_queued_jobs: 7 } });
    expect(set.statusCode).toBe(200);
    let seen: unknown;
    for (let i = 0; i < 50; i++) {
      seen = (await whoAmI(two, tenant.headers)).json().quotas.max_queued_jobs;
      if (seen === 7) break;
      await sleep(10);
    }
    expect(seen).toBe(7);
  });

  it('stops serving from the cache while its invalidation channel is down, and resumes after', async () => {
    const tenant = await createTenant(one.app, 'auth-cache-offline');
    expect((await whoAmI(two, tenant.headers)).statusCode).toBe(200);
    two.deps.subscriber.disconnect(true); // drop the connection; ioredis reconnects
    await new Promise((resolve) => two.deps.subscriber.once('close', resolve));
    expect(two.deps.auth.active).toBe(false);
    // Revoked while `two` cannot hear about it: it must still refuse the key.
    await one.app.inject({ method: 'DELETE', url: `/admin/v1/organizations/${tenant.orgId}/api_keys/${tenant.keyId}`, headers: admin });
    expect((await whoAmI(two, tenant.headers)).statusCode).toBe(401);
    for (let i = 0; !two.deps.auth.active; i++) {
      if (i > 200) throw new Error('auth cache did not resubscribe');
      await sleep(20);
    }
  });
});
