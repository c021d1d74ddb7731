import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from './deps';
import { cachedOrganization, requireApiKey } from './plugins/auth';
import { DEFAULT_DASHBOARD_DIR, registerDashboard } from './plugins/dashboard';
import { registerDocs } from './plugins/docs';
import { registerErrorHandling } from './plugins/errors';
import { registerIdempotency } from './plugins/idempotency';
import { registerIpRateLimit, registerOrganizationRateLimit } from './plugins/rate-limit';
import { TokenLeases } from './plugins/token-leases';
import { registerRequestContext } from './plugins/request-context';
import { registerSecurityHeaders } from './plugins/security-headers';
import { serializerCompiler } from './plugins/serializer';
import { allowSessionAuth } from './plugins/session-auth';
import { accountOrganizationRoutes } from './routes/account-organizations';
import { accountRoutes } from './routes/account';
import { adminRoutes } from './routes/admin';
import { adminModelRoutes } from './routes/admin-models';
import { healthRoutes } from './routes/health';
import { fileRoutes } from './routes/files';
import { jobRoutes } from './routes/jobs';
import { jobCheckpointFileRoutes } from './routes/job-checkpoint-files';
import { modelRoutes } from './routes/models';
import { organizationRoutes } from './routes/organization';
import { webhookEndpointRoutes } from './routes/webhook-endpoints';

/** Tenant routes: each plugin is registered under /v1 behind API-key auth and rate limiting. */
const TENANT_ROUTES = [organizationRoutes, fileRoutes, modelRoutes, jobRoutes, jobCheckpointFileRoutes, webhookEndpointRoutes];

/**
 * Builds the Fastify app from its dependencies. Listening and shutdown live in server.ts;
 * tests call this with real services and use `inject` or a real port.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : `req_${randomUUID()}`;
    },
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  registerRequestContext(app, { http: deps.metrics.http, tracing: deps.tracing });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);
  // app.close() (SIGTERM in server.ts) stops accepting, then waits for in-flight requests; event
  // streams would never finish on their own, so they end at once and their clients reconnect elsewhere.
  const draining = new AbortController();
  app.addHook('preClose', async () => draining.abort());

  registerSecurityHeaders(app, { contentSecurityPolicy: false });
  // One string, not a list @fastify/cors joins on every request.
  await app.register(cors, { origin: true, exposedHeaders: 'x-request-id, retry-after, idempotent-replayed' });
  await app.register(cookie);
  await registerDocs(app);

  await app.register(healthRoutes, { deps });
  await app.register(adminRoutes, { prefix: '/admin/v1', deps });
  await registerDashboard(app, deps.config.DASHBOARD_DIR ?? DEFAULT_DASHBOARD_DIR);
  await app.register(accountRoutes, { prefix: '/account/v1', deps });
  await app.register(accountOrganizationRoutes, { prefix: '/account/v1/organizations', deps });
  // The model catalogue's operator routes live at the path its issue names (see routes/admin-models.ts).
  await app.register(adminModelRoutes, { prefix: '/v1/admin', deps });
  await app.register(
    async (tenant) => {
      // Hooks run in this order: the per-IP limit before any work, so floods of 401/400 are not free.
      // A key in the auth cache has its organization's limit counted in the IP hook's round trip.
      const leases = new TokenLeases(deps.requestRedis);
      registerIpRateLimit(tenant, leases, {
        perMinute: deps.config.RATE_LIMIT_PER_IP_PER_MINUTE,
        defaultPerOrganizationPerMinute: deps.config.RATE_LIMIT_PER_MINUTE,
        knownOrganization: (request) => cachedOrganization(request, deps.auth),
      });
      allowSessionAuth(tenant, deps.db); // dashboard sessions, beside API keys
      requireApiKey(tenant, deps.auth);
      registerOrganizationRateLimit(tenant, leases, deps.config.RATE_LIMIT_PER_MINUTE);
      registerIdempotency(tenant, deps.redis, deps.config.QUEUE_PREFIX, deps.config.IDEMPOTENCY_KEY_TTL_SECONDS);
      for (const routes of TENANT_ROUTES) await tenant.register(routes, { deps, draining: draining.signal });
    },
    { prefix: '/v1' },
  );
  return app;
}
