import autocannon from 'autocannon';
import Fastify from 'fastify';
import type { ServiceCpuReader } from './service-cpu';

export interface LoadTarget {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** autocannon worker threads firing the requests (0: this thread, beside the servers). */
  workers: number;
}

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /**
   * CPU time of this whole process (the servers, and autocannon's worker thread) per request of
   * the measured run, in µs: it moves far less with the load of other processes than req/s does.
   */
  cpuMicrosPerRequest: number;
  /** The same for the local Postgres server (all backends) and Redis server; null when not sampled. */
  postgresMicrosPerRequest: number | null;
  redisMicrosPerRequest: number | null;
}

/**
 * A warm-up run (discarded), then the measured autocannon run against one target; `around`
 * wraps the measured run only (a CPU profile of it, say).
 */
export async function measure(
  target: LoadTarget,
  settings: LoadSettings,
  around: <T>(run: () => Promise<T>) => Promise<T> = (run) => run(),
  serviceCpu: ServiceCpuReader = () => null,
): Promise<LoadResult> {
  const options: autocannon.Options = {
    url: target.url,
    method: target.method ?? 'GET',
    headers: { ...(target.body ? { 'content-type': 'application/json' } : {}), ...target.headers },
    body: target.body,
    connections: settings.connections,
    ...(settings.workers > 0 ? { workers: settings.workers } : {}),
  };
  if (settings.warmupSeconds > 0) await autocannon({ ...options, duration: settings.warmupSeconds });
  const servicesBefore = serviceCpu();
  const cpuBefore = process.cpuUsage();
  const result = await around(() => autocannon({ ...options, duration: settings.durationSeconds }));
  const cpu = process.cpuUsage(cpuBefore);
  const servicesAfter = serviceCpu();
  const perRequest = (micros: number) => micros / Math.max(1, result.requests.total);
  return {
    name: target.name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMicrosPerRequest: perRequest(cpu.user + cpu.system),
    postgresMicrosPerRequest: servicesBefore && servicesAfter ? perRequest(servicesAfter.postgres - servicesBefore.postgres) : null,
    redisMicrosPerRequest: servicesBefore && servicesAfter ? perRequest(servicesAfter.redis - servicesBefore.redis) : null,
  };
}

/** The baseline: a minimal Fastify app with one route, no plugins, no logging. */
export async function startBareFastify(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ ok: true }));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/`, close: () => app.close() };
}

/** Fixed-width text table; numbers right-aligned. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
