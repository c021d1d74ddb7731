import { z } from 'zod';
import { refuseKnownDefaultsInProduction } from './production-defaults';
import { sharedEnvSchema } from './shared-env';
import { integerFromEnv, parseEnv, secondsFromEnv } from './parse-env';

export const workerEnvSchema = sharedEnvSchema.extend({
  // Concurrency per queue. Training is one job per worker process by default (it owns the accelerator).
  WORKER_CONCURRENCY_DATASETS: integerFromEnv(1).default(2),
  WORKER_CONCURRENCY_TRAINING: integerFromEnv(1).default(1),
  WORKER_CONCURRENCY_WEBHOOKS: integerFromEnv(1).default(16),
  // Delivery attempts one organization, and one endpoint, may have in flight at once across every
  // worker: failing or slow endpoints cannot take every delivery slot (another organization's, or
  // another endpoint's of the same organization); further attempts wait their turn in the queue.
  WEBHOOK_MAX_IN_FLIGHT_PER_ORGANIZATION: integerFromEnv(1).default(8),
  WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: integerFromEnv(1).default(4),
  // Comma-separated worker classes this process trains for (e.g. "default,gpu-80gb").
  WORKER_CLASSES: z
    .string()
    .default('default')
    .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean)),
  // Which queues this process consumes: all, or a comma-separated subset of datasets,training,webhooks.
  WORKER_QUEUES: z.string().default('all'),
  WORKER_ID: z.string().optional(),
  // Postgres connections per worker process; unset = enough for every consumer and loop at once.
  DATABASE_POOL_SIZE: integerFromEnv(1).max(1000).optional(),
  // Lock on a training job, renewed while it runs: a worker killed mid-run is noticed within this.
  WORKER_TRAINING_LOCK_MS: integerFromEnv(1000).default(30_000),
  // How often a training worker re-dispatches jobs Redis lost and hands out freed slots.
  WORKER_RECONCILE_INTERVAL_MS: integerFromEnv(1000).default(30_000),
  // How often files past their expires_after are deleted (with their objects).
  WORKER_FILE_EXPIRY_INTERVAL_MS: integerFromEnv(1000).default(60_000),
  // How often a running job re-reads its organization's monthly token quota and usage (0 = every step).
  WORKER_TOKEN_QUOTA_CHECK_MS: integerFromEnv(0).default(2000),
  // How often files left in uploaded/validating with no live validation job are queued again.
  WORKER_FILE_SWEEP_INTERVAL_MS: integerFromEnv(100).default(10_000),
  // Written when the worker is ready and removed on shutdown (for orchestrators' readiness probes).
  WORKER_READY_FILE: z.string().optional(),
  WORKER_CACHE_DIR: z.string().default('.data/worker-cache'),
  // Bytes of model folders the cache keeps on this node; least recently used ones not in use by a
  // running job are evicted beyond it (a model larger than the bound is still downloaded).
  WORKER_MODEL_CACHE_MAX_BYTES: integerFromEnv(1).default(100 * 1024 ** 3),
  TRAINER_EXECUTION_PROVIDER: z.enum(['cpu', 'cuda', 'webgpu']).default('cpu'),
  TRAINER_THREADS: integerFromEnv(0).default(0),
  // Webhook delivery: one attempt's whole budget (DNS, connect, TLS, request, response).
  WEBHOOK_TIMEOUT_MS: integerFromEnv(100).max(60_000).default(15_000),
  // Retry schedule: the first retry about BASE seconds after the first failure, doubling (with
  // jitter) up to MAX_DELAY per step, until WINDOW after the first attempt or MAX_ATTEMPTS sends.
  WEBHOOK_RETRY_BASE_SECONDS: secondsFromEnv.default(5),
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: secondsFromEnv.default(16 * 3600),
  WEBHOOK_RETRY_WINDOW_SECONDS: secondsFromEnv.default(72 * 3600),
  WEBHOOK_RETRY_MAX_ATTEMPTS: integerFromEnv(1).default(25),
  // The outbox relay: how often it polls for unrelayed events and how many it takes at once.
  WEBHOOK_RELAY_INTERVAL_MS: integerFromEnv(10).default(250),
  WEBHOOK_RELAY_BATCH_SIZE: integerFromEnv(1).max(1000).default(100),
  // How often pending deliveries that are overdue with no queued job are re-enqueued.
  WEBHOOK_SWEEP_INTERVAL_MS: integerFromEnv(100).default(10_000),
});

export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseEnv(workerEnvSchema.superRefine(refuseKnownDefaultsInProduction), env);
}
