import { Histogram, type Registry } from 'prom-client';

/**
 * Request latency by route pattern (`/v1/fine_tuning/jobs/:job_id`, never a URL with ids, so
 * the series stay few) and status; its `_count` is the request rate.
 */
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'whetstone_http_request_duration_seconds',
      help: 'API request latency in seconds, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }

  /** `route` is the matched pattern, or undefined for an unknown route (counted as "unmatched"). */
  observe(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.duration.observe({ method, route: route ?? 'unmatched', status_code: String(statusCode) }, seconds);
  }
}
