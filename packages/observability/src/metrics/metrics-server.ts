import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { decideMetricsAccess, type MetricsAccessPolicy } from './metrics-access';

export interface MetricsServer {
  /** http://host:port of the listener. */
  url: string;
  close(): Promise<void>;
}

const errorBody = (message: string, code: string) => JSON.stringify({ error: { message, type: 'authentication_error', param: null, code } });

/**
 * The operator's /metrics listener, on its own port so it is never routed through the tenant
 * API (or its load balancer): Prometheus scrapes each process directly.
 */
export async function startMetricsServer(options: { registry: Registry; host: string; port: number; access: MetricsAccessPolicy }): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(errorBody('Only GET /metrics is served here.', 'unknown_route'));
      return;
    }
    const decision = decideMetricsAccess(options.access, { authorization: req.headers.authorization, remoteAddress: req.socket.remoteAddress });
    if (!decision.ok) {
      res.writeHead(decision.status, { 'content-type': 'application/json' }).end(errorBody(decision.message, decision.code));
      return;
    }
    options.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
      (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`# collection failed: ${err.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The METRICS_* settings the API and the worker share (packages/config's observability schema). */
export interface MetricsListenerSettings {
  METRICS_PORT?: number;
  METRICS_HOST: string;
  METRICS_TOKEN?: string;
  METRICS_ALLOWED_NETWORKS: MetricsAccessPolicy['networks'];
}

/**
 * The process's /metrics listener as its settings configure it, or null when METRICS_PORT is
 * unset (nothing listens). `fallbackToken` is a second operator credential accepted when
 * METRICS_TOKEN is unset (the API's ADMIN_TOKEN).
 */
export async function startConfiguredMetricsServer(registry: Registry, settings: MetricsListenerSettings, fallbackToken?: string): Promise<MetricsServer | null> {
  if (settings.METRICS_PORT === undefined) return null;
  return startMetricsServer({
    registry,
    host: settings.METRICS_HOST,
    port: settings.METRICS_PORT,
    access: { token: settings.METRICS_TOKEN ?? fallbackToken, networks: settings.METRICS_ALLOWED_NETWORKS },
  });
}
