import { newId, type Logger } from '@whetstone/common';
import type { Db, FineTuningJob, Prisma } from '@whetstone/db';
import type { TrainingMetrics } from '@whetstone/observability';
import type { Producers } from '@whetstone/queue';
import { dispatchPending, progressTrainedTokens, recordJobEvent, releaseStorage, StorageReservation, transitionJob, trainQueueJobId } from '@whetstone/services';
import { objectKeys, type ObjectStore } from '@whetstone/storage';
import { saveCheckpoint, type CheckpointState } from '@whetstone/trainer';
import type { ModelCache } from '../models/model-cache';
import { ControlWatch } from './control-watch';
import { runEngine, type EngineInput } from './engine-run';
import { finishFailed, finishHandedBack, finishStopped, finishSucceeded } from './finish-job';
import { loadRunInput, type RunInput } from './load-run-input';
import { MetricsWriter } from './metrics-writer';
import { S3CheckpointStore } from './s3-checkpoint-store';
import { internalFailure, userFailure } from './tenant-failure';
import { TokenBudget } from './token-budget';

export interface TrainingDeps {
  db: Db;
  store: ObjectStore;
  producers: Producers;
  models: ModelCache;
  cacheDir: string;
  runtime: EngineInput['runtime'];
  /** GB a training process may use on each worker class: a job's class decides its recomputation. */
  classMemoryGb: Record<string, number>;
  workerId: string;
  /** How often a running job re-reads its organization's token quota and usage. */
  tokenQuotaCheckMs: number;
  logger: Logger;
  /** Aborted when the worker starts draining: a running job checkpoints and is handed back. */
  draining?: AbortSignal;
  /** Step time and throughput for Prometheus. */
  metrics?: TrainingMetrics;
}

export interface QueueJobInfo {
  id: string | undefined;
  /** This delivery is the queue's last try: a transient failure now fails the job. */
  lastTry: boolean;
}

export type TrainingOutcome = 'skipped' | 'succeeded' | 'cancelled' | 'paused' | 'handed_back' | 'failed';

/**
 * Runs one fine-tuning job on this worker, from whatever point it reached before: marks it
 * running (closing an attempt a lost worker left open), trains with metrics, checkpoints and
 * evaluations streamed to Postgres and S3, honours cancel and pause within one step, and records
 * the outcome. Transient failures rethrow (BullMQ retries, resuming from the latest checkpoint);
 * user errors fail the job once.
 */
export async function runTrainingJob(deps: TrainingDeps, payload: { organizationId: string; jobId: string }, queueJob: QueueJobInfo): Promise<TrainingOutcome> {
  const log = deps.logger.child({ jobId: payload.jobId, orgId: payload.organizationId });
  const job = await deps.db.fineTuningJob.findFirst({ where: { id: payload.jobId, organizationId: payload.organizationId } });
  if (!job) return 'skipped';
  // A queue entry from an older dispatch (the job was paused and resumed, or re-dispatched) is stale.
  if (queueJob.id !== trainQueueJobId(job.id, job.dispatchCount)) return 'skipped';
  if (!['queued', 'running', 'pausing'].includes(job.status)) return 'skipped';

  const latest = await deps.db.checkpoint.findFirst({ where: { jobId: job.id }, orderBy: { step: 'desc' }, select: { step: true } });
  const attemptId = await beginAttempt(deps.db, job, deps.workerId, latest?.step ?? 0);
  if (!attemptId) return 'skipped';
  const watch = new ControlWatch(deps.db, job.id, undefined, deps.draining).start();
  const writer = new MetricsWriter(deps.db, job);
  let lastStep = latest?.step ?? 0;
  // Cumulative across resumes (the checkpoint carries it); what the job is charged when it ends.
  let trainedTokens = progressTrainedTokens(job.progress);
  let input: RunInput | undefined;
  try {
    const budget = new TokenBudget(deps.db, job, deps.tokenQuotaCheckMs);
    // Already at the cap (other jobs used it up): stop before the first step.
    if (await budget.wouldExceed(trainedTokens, 1)) watch.stopForQuota();
    input = await loadRunInput(deps, job);
    const stepMetrics = new Map<number, Record<string, number>>();
    let stepStartedAt = Date.now();
    // Tokens trained before this run's first step; unknown when resuming (that step counts none).
    let tokensSoFar: number | null = 0;
    const result = await runEngine(input, {
      signal: watch.controller.signal,
      onStart: async (plan) => {
        writer.setProgress({ step: plan.startStep, total_steps: plan.totalSteps });
        await writer.flush();
        stepStartedAt = Date.now();
        tokensSoFar = plan.startStep === 0 ? 0 : null;
      },
      onStep: async (step, totalSteps, metrics, progress) => {
        // Wall time since the previous step ended: the step plus its share of bookkeeping.
        deps.metrics?.step(job.workerClass, (Date.now() - stepStartedAt) / 1000, tokensSoFar === null ? 0 : Math.max(0, progress.trainedTokens - tokensSoFar), metrics.tokens_per_second);
        tokensSoFar = progress.trainedTokens;
        lastStep = step;
        const stepTokens = Math.max(0, progress.trainedTokens - trainedTokens);
        trainedTokens = progress.trainedTokens;
        if (await budget.wouldExceed(trainedTokens, stepTokens)) watch.stopForQuota();
        stepMetrics.set(step, metrics);
        writer.record(step, metrics);
        // The engine's ETA is the measured step rate times the steps left: OpenAI's estimated_finish.
        const finish = Number.isFinite(progress.etaSeconds) ? new Date(Date.now() + progress.etaSeconds * 1000) : null;
        writer.setProgress({ step, total_steps: totalSteps, epoch: progress.epoch, trained_tokens: progress.trainedTokens, eta_seconds: Math.round(progress.etaSeconds) }, finish);
        await writer.maybeFlush();
        stepStartedAt = Date.now();
      },
      onValidation: async (step, metrics) => {
        stepMetrics.set(step, { ...(stepMetrics.get(step) ?? {}), ...metrics });
        writer.record(step, metrics);
      },
      onCheckpoint: async (state) => {
        await writer.flush();
        await storeCheckpoint(deps, job, state, stepMetrics.get(state.position.step) ?? {});
      },
      onWarning: async (warning) => {
        await deps.db.$transaction((tx) => recordJobEvent(tx, job, { level: 'warn', message: warning.message, data: warning as unknown as Prisma.InputJsonObject }));
      },
      onEvaluation: async (evaluation) => {
        await deps.db.$transaction(async (tx) => {
          await tx.evaluation.create({
            data: {
              id: newId('evaluation'),
              organizationId: job.organizationId,
              jobId: job.id,
              stage: evaluation.stage,
              step: evaluation.step,
              metrics: evaluation.metrics as unknown as Prisma.InputJsonValue,
              samples: evaluation.samples as unknown as Prisma.InputJsonValue,
            },
          });
          const summary = Object.fromEntries(evaluation.metrics.map((m) => [m.name, m.mean]));
          await recordJobEvent(tx, job, {
            message: `Evaluation (${evaluation.stage}, step ${evaluation.step}): ${Object.entries(summary).map(([k, v]) => `${k}=${v}`).join(', ')}`,
            data: { stage: evaluation.stage, step: evaluation.step, metrics: summary } as Prisma.InputJsonObject,
            webhook: 'fine_tuning.job.eval.completed',
            webhookData: { stage: evaluation.stage, step: evaluation.step, metrics: summary } as Prisma.InputJsonObject,
          });
        });
      },
    });
    await writer.flush();
    lastStep = result.position.step;
    trainedTokens = result.trainedTokens;
    if (result.status === 'cancelled' && watch.reason === 'token_quota') {
      const error = {
        code: 'quota_exceeded:monthly_trained_tokens',
        param: 'monthly_trained_tokens',
        message:
          `Stopped at step ${lastStep} after ${trainedTokens} trained tokens: your organization reached its monthly_trained_tokens quota ` +
          `(${budget.limit}; ${budget.usedByOthers} used by other jobs this month). Ask for a higher quota or wait for next month, then create a new job.`,
      };
      await finishFailed(deps.db, job, attemptId, error, { step: lastStep, trainedTokens });
      log.warn({ step: lastStep, trainedTokens, limit: budget.limit }, 'training stopped at the monthly token quota');
      return 'failed';
    }
    if (result.status === 'cancelled' && watch.reason === 'handoff') {
      // The engine checkpointed the step it stopped at, so nothing trained is lost.
      if (await finishHandedBack(deps.db, job, attemptId, result.position.step, trainedTokens)) {
        log.info({ step: result.position.step }, 'worker draining: job handed back');
        return 'handed_back';
      }
      await watch.check(); // a user's pause or cancel came first: finish that
    }
    if (result.status === 'cancelled') {
      const reason = watch.reason === 'pause' ? 'pause' : 'cancel';
      await finishStopped(deps.db, job, attemptId, reason, result.position.step, trainedTokens);
      log.info({ step: result.position.step, reason }, 'training stopped by the user');
      return reason === 'cancel' ? 'cancelled' : 'paused';
    }
    if (result.earlyStopped) {
      await deps.db.$transaction((tx) =>
        recordJobEvent(tx, job, {
          message: `Early stopping at step ${result.earlyStopped!.step}: validation loss had not improved since step ${result.earlyStopped!.bestStep}.`,
          data: result.earlyStopped as unknown as Prisma.InputJsonObject,
        }),
      );
    }
    const name = await finishSucceeded(deps, job, { ...result, step: result.position.step }, input!.modelDir, attemptId);
    log.info({ fineTunedModel: name, steps: result.position.step }, 'training succeeded');
    return 'succeeded';
  } catch (err) {
    await writer.flush().catch(() => undefined);
    const user = userFailure(err);
    if (user || queueJob.lastTry) {
      const error = user ?? internalFailure(job.id);
      log.warn({ err, code: error.code }, 'training failed');
      await finishFailed(deps.db, job, attemptId, error, { step: lastStep, trainedTokens });
      return 'failed';
    }
    log.error({ err }, 'training attempt failed; it will be retried from the latest checkpoint');
    await deps.db.$transaction(async (tx) => {
      await tx.jobAttempt.update({ where: { id: attemptId }, data: { endedAt: new Date(), endReason: 'error', toStep: lastStep } });
      await recordJobEvent(tx, job, { level: 'warn', message: 'A training attempt failed; retrying from the latest checkpoint.' });
    });
    throw err;
  } finally {
    input?.model.release();
    watch.close();
    await dispatchPending(deps, job.workerClass).catch((err) => log.error({ err }, 'dispatch after training failed'));
  }
}

/** Opens a new attempt (closing one a lost worker left open) and marks the job running. */
async function beginAttempt(db: Db, job: FineTuningJob, workerId: string, fromStep: number): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const lost = await tx.jobAttempt.updateMany({ where: { jobId: job.id, endedAt: null }, data: { endedAt: new Date(), endReason: 'worker_lost' } });
    if (job.status === 'queued') {
      if (!(await transitionJob(tx, job, ['queued'], 'running', { startedAt: job.startedAt ?? new Date() }))) return null;
      await recordJobEvent(tx, job, {
        message: fromStep > 0 ? `Fine-tuning job resumed from step ${fromStep}` : 'Fine-tuning job started',
        webhook: 'fine_tuning.job.running',
        webhookData: { status: 'running', step: fromStep },
      });
    } else if (lost.count > 0) {
      await recordJobEvent(tx, job, { level: 'warn', message: `The previous worker was lost; resuming from step ${fromStep}.` });
    }
    const number = (await tx.jobAttempt.count({ where: { jobId: job.id } })) + 1;
    const attempt = await tx.jobAttempt.create({ data: { id: newId('attempt'), jobId: job.id, number, workerId, fromStep } });
    return attempt.id;
  });
}

/**
 * Writes the checkpoint files under their own prefix (their bytes reserved against the storage
 * quota first), then the row with its size and its event. A checkpoint that does not fit the
 * quota leaves nothing behind and fails the run with QuotaError.
 */
async function storeCheckpoint(deps: TrainingDeps, job: FineTuningJob, state: CheckpointState, metrics: Record<string, number>) {
  const step = state.position.step;
  const prefix = objectKeys.checkpoint(job.organizationId, job.id, step);
  const reservation = new StorageReservation(deps.db, job.organizationId);
  const files = new S3CheckpointStore(deps.store, prefix, reservation);
  const rewrite = await deps.db.checkpoint.findUnique({ where: { jobId_step: { jobId: job.id, step } }, select: { id: true } });
  try {
    await saveCheckpoint(files, state);
  } catch (err) {
    // A new checkpoint's partial files go; a rewritten one keeps whatever its row still describes.
    if (!rewrite) await deps.store.deletePrefix(prefix).catch(() => undefined);
    await reservation.release().catch(() => undefined);
    throw err;
  }
  const values = { step, ...renameForCheckpoint(metrics) } as Prisma.InputJsonObject;
  await deps.db.$transaction(async (tx) => {
    await reservation.commit(tx, files.writtenBytes);
    const existing = await tx.checkpoint.findUnique({ where: { jobId_step: { jobId: job.id, step } } });
    // Rewriting a step (a resumed run) replaced its objects: the old size is given back.
    if (existing) await releaseStorage(tx, job.organizationId, existing.bytes);
    const bytes = BigInt(files.writtenBytes);
    const checkpoint = existing
      ? await tx.checkpoint.update({ where: { id: existing.id }, data: { storagePrefix: prefix, metrics: values, bytes } })
      : await tx.checkpoint.create({ data: { id: newId('checkpoint'), organizationId: job.organizationId, jobId: job.id, step, storagePrefix: prefix, metrics: values, bytes } });
    await recordJobEvent(tx, job, {
      message: `Checkpoint saved at step ${step}`,
      data: { checkpoint_id: checkpoint.id, step },
      webhook: 'fine_tuning.job.checkpoint.created',
      webhookData: { checkpoint_id: checkpoint.id, step, metrics: values },
    });
  });
}

/**
 * OpenAI's checkpoint metric names. Our validation always runs over the whole validation set
 * (and the engine validates at every checkpoint), so full_valid_* equal valid_* at that step.
 */
export function renameForCheckpoint(metrics: Record<string, number>): Record<string, number> {
  const { train_loss, train_mean_token_accuracy, valid_loss, valid_mean_token_accuracy, ...rest } = metrics;
  const full = { full_valid_loss: valid_loss, full_valid_mean_token_accuracy: valid_mean_token_accuracy };
  return Object.fromEntries(
    Object.entries({ train_loss, train_mean_token_accuracy, valid_loss, valid_mean_token_accuracy, ...full, ...rest }).filter(([, v]) => v !== undefined),
  ) as Record<string, number>;
}
