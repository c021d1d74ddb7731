import { z } from 'zod';
import { sharedEnvSchema } from './shared-env';
import { integerFromEnv, parseEnv } from './parse-env';

export const workerEnvSchema = sharedEnvSchema.extend({
  // Concurrency per queue. Training is one job per worker process by default (it owns the accelerator).
  WORKER_CONCURRENCY_DATASETS: integerFromEnv(1).default(2),
  WORKER_CONCURRENCY_TRAINING: integerFromEnv(1).default(1),
  WORKER_CONCURRENCY_WEBHOOKS: integerFromEnv(1).default(16),
  // Comma-separated worker classes this process trains for (e.g. "default,gpu-80gb").
  WORKER_CLASSES: z
    .string()
    .default('default')
    .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean)),
  // Which queues this process consumes: all, or a comma-separated subset of datasets,training,webhooks.
  WORKER_QUEUES: z.string().default('all'),
  WORKER_ID: z.string().optional(),
  // Written when the worker is ready and removed on shutdown (for orchestrators' readiness probes).
  WORKER_READY_FILE: z.string().optional(),
  WORKER_CACHE_DIR: z.string().default('.data/worker-cache'),
  TRAINER_EXECUTION_PROVIDER: z.enum(['cpu', 'cuda', 'webgpu']).default('cpu'),
  TRAINER_THREADS: integerFromEnv(0).default(0),
});

export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseEnv(workerEnvSchema, env);
}
