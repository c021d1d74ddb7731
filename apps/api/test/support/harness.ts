import type { FastifyInstance } from 'fastify';
import { createLogger } from '@whetstone/common';
import { loadApiConfig, type ApiConfig } from '@whetstone/config';
import { buildApp } from '../../src/app';
import { closeDeps, createDeps, type AppDeps } from '../../src/deps';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

/**
 * Builds the real app against the real services that `npm test` started
 * (DATABASE_URL, REDIS_URL, S3_ENDPOINT from the environment).
 */
export async function startApi(overrides: Partial<Record<keyof ApiConfig, string>> = {}): Promise<{
  app: FastifyInstance;
  deps: AppDeps;
  close(): Promise<void>;
}> {
  // Every inject comes from 127.0.0.1: the per-IP limits are tested on their own
  // (rate-limit-before-work.test.ts, accounts.test.ts), so the suites' many requests and sign-ups never meet them.
  const config = loadApiConfig({
    ...process.env,
    ADMIN_TOKEN,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    SIGNUP_MAX_PER_IP: '1000000',
    ...overrides,
  });
  const deps = createDeps(config, createLogger({ level: config.LOG_LEVEL, name: 'api-test' }));
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    async close() {
      await app.close();
      await closeDeps(deps);
    },
  };
}

export const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A fresh organization with one API key, created through the admin API. */
export async function createTenant(app: FastifyInstance, name = 'tenant', quotas: Record<string, unknown> = {}) {
  const org = await app.inject({ method: 'POST', url: '/admin/v1/organizations', headers: admin, payload: { name, quotas } });
  if (org.statusCode !== 200) throw new Error(`create org failed: ${org.body}`);
  const orgId = org.json().id as string;
  const key = await app.inject({ method: 'POST', url: `/admin/v1/organizations/${orgId}/api_keys`, headers: admin, payload: { name: 'test' } });
  if (key.statusCode !== 200) throw new Error(`create key failed: ${key.body}`);
  return { orgId, keyId: key.json().id as string, key: key.json().key as string, headers: bearer(key.json().key) };
}
