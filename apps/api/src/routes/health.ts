import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDb } from '@whetstone/db';
import { pingRedis } from '@whetstone/queue';
import type { AppDeps } from '../deps';

const readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({ postgres: z.boolean(), redis: z.boolean(), s3: z.boolean() }),
  unavailable: z.array(z.string()),
});

/** /healthz: the process is up. /readyz: every dependency answers; 503 names those that do not. */
export const healthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/healthz', { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get('/readyz', { schema: { hide: true, response: { 200: readiness, 503: readiness } } }, async (_request, reply) => {
    const [postgres, redis, s3] = await Promise.all([pingDb(deps.db), pingRedis(deps.redis), deps.store.ping()]);
    const checks = { postgres, redis, s3 };
    const unavailable = Object.entries(checks)
      .filter(([, ok]) => !ok)
      .map(([name]) => name);
    return reply.code(unavailable.length ? 503 : 200).send({ status: unavailable.length ? 'unavailable' : 'ready', checks, unavailable });
  });
};
