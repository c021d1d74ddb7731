import { z } from 'zod';
import { DEFAULT_METRICS_NETWORKS, parseNetworks } from '@whetstone/observability';
import { integerFromEnv } from './parse-env';

/**
 * Metrics and tracing, the same for the API and the worker. Both are off unless configured:
 * no metrics listener without METRICS_PORT, no tracing (and no network) without an OTLP endpoint.
 */
export const observabilityEnvSchema = z.object({
  // Port of the operator-only /metrics listener (separate from the API's port); unset = none.
  METRICS_PORT: integerFromEnv(0).max(65535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  // Callers without credentials are served only from these CIDRs ("none" = token required).
  METRICS_ALLOWED_NETWORKS: z
    .string()
    .default(DEFAULT_METRICS_NETWORKS)
    .transform((text, ctx) => {
      try {
        return parseNetworks(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `${(err as Error).message} (use comma-separated CIDRs, or none)` });
        return z.NEVER;
      }
    }),
  // Bearer token accepted by /metrics from anywhere; the API also accepts ADMIN_TOKEN.
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  // OTLP/HTTP collector base URL (spans go to <url>/v1/traces); unset = tracing off.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url('must be an http(s):// URL').optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});
