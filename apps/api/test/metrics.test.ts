import { startMetricsServer, type MetricsServer } from '@whetstone/observability';
import { ADMIN_TOKEN, createTenant, startApi } from './support/harness';

let api: Awaited<ReturnType<typeof startApi>>;
let metrics: MetricsServer;
beforeAll(async () => {
  // No trusted network: only the operator token opens /metrics (as server.ts wires it).
  api = await startApi({ METRICS_ALLOWED_NETWORKS: 'none' });
  metrics = await startMetricsServer({
    registry: api.deps.metrics.registry,
    host: '127.0.0.1',
    port: 0,
    access: { token: api.deps.config.METRICS_TOKEN ?? api.deps.config.ADMIN_TOKEN, networks: api.deps.config.METRICS_ALLOWED_NETWORKS },
  });
});
afterAll(async () => {
  await metrics.close();
  await api.close();
});

const scrape = (authorization?: string) => fetch(`${metrics.url}/metrics`, { headers: authorization ? { authorization } : {} });

describe('the API /metrics listener', () => {
  it('is not on the tenant API: /metrics there is an unknown route', async () => {
    const tenant = await createTenant(api.app, 'metrics');
    const res = await api.app.inject({ method: 'GET', url: '/metrics', headers: tenant.headers });
    expect(res.statusCode).toBe(404);
  });

  it('refuses a tenant API key and a caller without credentials', async () => {
    const tenant = await createTenant(api.app, 'metrics');
    const withKey = await scrape(tenant.headers.authorization);
    expect(withKey.status).toBe(403);
    expect(((await withKey.json()) as { error: { code: string } }).error.code).toBe('metrics_forbidden');
    expect((await scrape()).status).toBe(401);
  });

  it('gives the operator request, queue, job and pool series, with route patterns instead of ids', async () => {
    const tenant = await createTenant(api.app, 'metrics');
    const missing = 'ftjob-00000000000000000000000000';
    for (let i = 0; i < 3; i++) {
      const res = await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${missing}`, headers: tenant.headers });
      expect(res.statusCode).toBe(404);
    }
    await api.app.inject({ method: 'GET', url: '/v1/fine_tuning/jobs?limit=2', headers: tenant.headers });

    const res = await scrape(`Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const count = (labels: string) => {
      const line = text.split('\n').find((l) => l.startsWith('whetstone_http_request_duration_seconds_count{') && l.includes(labels));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    expect(count('route="/v1/fine_tuning/jobs/:fine_tuning_job_id",status_code="404"')).toBeGreaterThanOrEqual(3);
    expect(count('route="/v1/fine_tuning/jobs",status_code="200"')).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(missing);
    expect(text).toMatch(/whetstone_queue_jobs\{queue="datasets",worker_class="",state="wait",service="api"\} \d+/);
    expect(text).toMatch(/whetstone_queue_jobs\{queue="training-default",worker_class="default",state="prioritized",service="api"\} \d+/);
    expect(text).toMatch(/whetstone_queue_oldest_waiting_age_seconds\{queue="webhooks",worker_class="",service="api"\} [\d.]+/);
    expect(text).toMatch(/whetstone_fine_tuning_jobs\{status="queued",worker_class="default",service="api"\} \d+/);
    expect(text).toMatch(/whetstone_db_pool_connections\{state="idle",service="api"\} \d+/);
    expect(text).toMatch(/whetstone_db_pool_max_connections\{service="api"\} 10/);
  });
});
