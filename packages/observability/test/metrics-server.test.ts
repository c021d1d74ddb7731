import { Counter } from 'prom-client';
import { createMetricsRegistry, decideMetricsAccess, parseNetworks, startConfiguredMetricsServer, startMetricsServer, DEFAULT_METRICS_NETWORKS } from '../src';

const TOKEN = 'operator-token-0123456789abcdef0123456789';

describe('metrics access policy', () => {
  const policy = { token: TOKEN, networks: parseNetworks(DEFAULT_METRICS_NETWORKS) };

  it('serves a caller without credentials only from loopback or private networks (IPv4-mapped IPv6 included)', () => {
    expect(decideMetricsAccess(policy, { remoteAddress: '127.0.0.1' }).ok).toBe(true);
    expect(decideMetricsAccess(policy, { remoteAddress: '::ffff:10.1.2.3' }).ok).toBe(true);
    expect(decideMetricsAccess(policy, { remoteAddress: '172.20.0.9' }).ok).toBe(true);
    expect(decideMetricsAccess(policy, { remoteAddress: '8.8.8.8' })).toMatchObject({ ok: false, status: 401 });
    expect(decideMetricsAccess(policy, { remoteAddress: '2001:db8::1' })).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses any credential but the operator token, even from a trusted network', () => {
    expect(decideMetricsAccess(policy, { remoteAddress: '127.0.0.1', authorization: 'Bearer sk-tenant-key' })).toMatchObject({ ok: false, status: 403 });
    expect(decideMetricsAccess(policy, { remoteAddress: '8.8.8.8', authorization: `Bearer ${TOKEN}` }).ok).toBe(true);
  });

  it('trusts no network when configured with none', () => {
    const strict = { token: TOKEN, networks: parseNetworks('none') };
    expect(decideMetricsAccess(strict, { remoteAddress: '127.0.0.1' })).toMatchObject({ ok: false, status: 401 });
  });

  it('rejects a malformed network list', () => {
    expect(() => parseNetworks('10.0.0.0/8,not-a-cidr')).toThrow(/not-a-cidr/);
  });
});

describe('metrics listener', () => {
  it('answers GET /metrics in the Prometheus text format to the operator and nothing else', async () => {
    const registry = createMetricsRegistry('api');
    new Counter({ name: 'whetstone_test_total', help: 'test', registers: [registry] }).inc(3);
    const server = await startMetricsServer({ registry, host: '127.0.0.1', port: 0, access: { token: TOKEN, networks: [] } });
    try {
      const anonymous = await fetch(`${server.url}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('missing_operator_token');

      const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toContain('text/plain');
      const text = await ok.text();
      expect(text).toContain('whetstone_test_total{service="api"} 3');
      expect(text).toContain('process_cpu_seconds_total');

      const other = await fetch(`${server.url}/v1/files`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(other.status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('starts from the METRICS_* settings: nothing without a port, the fallback token only when METRICS_TOKEN is unset', async () => {
    const registry = createMetricsRegistry('worker');
    const settings = { METRICS_HOST: '127.0.0.1', METRICS_ALLOWED_NETWORKS: parseNetworks('none') };
    expect(await startConfiguredMetricsServer(registry, settings, TOKEN)).toBeNull();

    const fallback = await startConfiguredMetricsServer(registry, { ...settings, METRICS_PORT: 0 }, TOKEN);
    try {
      expect((await fetch(`${fallback!.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${fallback!.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    } finally {
      await fallback!.close();
    }

    const own = `${TOKEN}-own`;
    const configured = await startConfiguredMetricsServer(registry, { ...settings, METRICS_PORT: 0, METRICS_TOKEN: own }, TOKEN);
    try {
      expect((await fetch(`${configured!.url}/metrics`, { headers: { authorization: `Bearer ${own}` } })).status).toBe(200);
      expect((await fetch(`${configured!.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(403);
    } finally {
      await configured!.close();
    }
  });
});
