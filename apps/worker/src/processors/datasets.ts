import { UnrecoverableError } from 'bullmq';
import { QUEUES, validateFilePayload } from '@whetstone/queue';
import { markFileValidationFailed, settleJobsAwaitingFile, validateStoredFile } from '@whetstone/services';
import type { ConsumerDefinition } from '../consumers';
import type { WorkerDeps } from '../deps';
import { ModelCache } from '../models/model-cache';
import { TokenizerProvider } from '../models/tokenizer-provider';

/** Validates uploaded files: streams them from S3, counts tokens with the base model's tokenizer. */
export function datasetConsumer(deps: WorkerDeps): ConsumerDefinition {
  const tokenizers = new TokenizerProvider(deps.db, new ModelCache(deps.store, deps.config.WORKER_CACHE_DIR, { maxBytes: deps.config.WORKER_MODEL_CACHE_MAX_BYTES, logger: deps.logger }), deps.config.DEFAULT_BASE_MODEL);
  const settleDeps = { db: deps.db, producers: deps.producers, prices: deps.config.PRICE_TABLE, throughput: deps.config.TRAINING_THROUGHPUT, workerMemoryGb: deps.config.WORKER_CLASS_MEMORY_GB, logger: deps.logger };
  return {
    queue: QUEUES.datasets,
    concurrency: deps.config.WORKER_CONCURRENCY_DATASETS,
    async process(job, log) {
      const parsed = validateFilePayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
      const { organizationId, fileId, model } = parsed.data;
      const counting = await tokenizers.forModel(organizationId, model).catch((err) => {
        log.warn({ err }, 'token counting unavailable; validating without it');
        return null;
      });
      const outcome = await validateStoredFile(deps, {
        orgId: organizationId,
        fileId,
        tokenCounter: counting?.counter,
        contextLength: counting?.contextLength,
        prices: deps.config.PRICE_TABLE,
        model: counting?.model,
      }).catch(async (err: unknown) => {
        // Out of retries (or never retryable): the file must still end in a terminal state.
        const lastAttempt = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (lastAttempt) {
          log.error({ err, fileId }, 'file validation failed for good; marking the file error');
          await markFileValidationFailed(deps.db, { orgId: organizationId, fileId, code: 'validation_internal_error' });
          await settleJobsAwaitingFile(settleDeps, { organizationId, fileId });
        }
        throw err;
      });
      log.info({ fileId, outcome: outcome.status, model: counting?.model }, 'file validated');
      // Jobs created while the file was validating move on (queued) or fail with its error.
      await settleJobsAwaitingFile(settleDeps, { organizationId, fileId });
      return { status: outcome.status };
    },
  };
}
