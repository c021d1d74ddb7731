import { hostname } from 'node:os';
import { UnrecoverableError } from 'bullmq';
import { QUEUES, trainJobPayload } from '@whetstone/queue';
import type { ConsumerDefinition } from '../consumers';
import type { WorkerDeps } from '../deps';
import { ModelCache } from '../models/model-cache';
import { runTrainingJob } from '../training/run-training-job';

/** One training consumer per worker class this process serves (WORKER_CLASSES). */
export function trainingConsumers(deps: WorkerDeps): ConsumerDefinition[] {
  const { config } = deps;
  const trainingDeps = {
    ...deps,
    models: new ModelCache(deps.store, config.WORKER_CACHE_DIR, { maxBytes: config.WORKER_MODEL_CACHE_MAX_BYTES, logger: deps.logger }),
    cacheDir: config.WORKER_CACHE_DIR,
    runtime: {
      executionProvider: config.TRAINER_EXECUTION_PROVIDER,
      ...(config.TRAINER_THREADS > 0 ? { intraOpNumThreads: config.TRAINER_THREADS } : {}),
    },
    workerId: config.WORKER_ID ?? `${hostname()}:${process.pid}`,
    classMemoryGb: config.WORKER_CLASS_MEMORY_GB,
    metrics: deps.metrics.training,
    tokenQuotaCheckMs: config.WORKER_TOKEN_QUOTA_CHECK_MS,
  };
  return config.WORKER_CLASSES.map((workerClass) => ({
    queue: QUEUES.training(workerClass),
    concurrency: config.WORKER_CONCURRENCY_TRAINING,
    lockDurationMs: config.WORKER_TRAINING_LOCK_MS,
    stalledIntervalMs: config.WORKER_TRAINING_LOCK_MS,
    async process(job, log) {
      const parsed = trainJobPayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
      const attempts = job.opts.attempts ?? 1;
      try {
        const outcome = await runTrainingJob({ ...trainingDeps, logger: log }, parsed.data, { id: job.id, lastTry: job.attemptsMade + 1 >= attempts });
        deps.metrics.training.jobFinished(workerClass, outcome);
        return { outcome };
      } catch (err) {
        deps.metrics.training.jobFinished(workerClass, 'error');
        throw err;
      }
    },
  }));
}
