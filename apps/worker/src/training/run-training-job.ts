import { newId, type Logger } from '@whetstone/common';
import type { Db, FineTuningJob, Prisma } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { dispatchPending, recordJobEvent, transitionJob, trainQueueJobId } from '@whetstone/services';
import { objectKeys, type ObjectStore } from '@whetstone/storage';
import { CheckpointError, saveCheckpoint, TrainingDivergedError, type CheckpointState } from '@whetstone/trainer';
import { ModelChecksumError, type ModelCache } from '../models/model-cache';
import { ControlWatch } from './control-watch';
import { runEngine, type EngineInput } from './engine-run';
import { finishFailed, finishHandedBack, finishStopped, finishSucceeded } from './finish-job';
import { loadRunInput, type RunInput } from './load-run-input';
import { MetricsWriter } from './metrics-writer';
import { TrainingDataError } from './read-examples';
import { S3CheckpointStore } from './s3-checkpoint-store';

export interface TrainingDeps {
  db: Db;
  store: ObjectStore;
  producers: Producers;
  models: ModelCache;
  cacheDir: string;
  runtime: EngineInput['runtime'];
  workerId: string;
  logger: Logger;
  /** Aborted when the worker starts draining: a running job checkpoints and is handed back. */
  draining?: AbortSignal;
}

export interface QueueJobInfo {
  id: string | undefined;
  /** This delivery is the queue's last try: a transient failure now fails the job. */
  lastTry: boolean;
}

export type TrainingOutcome = 'skipped' | 'succeeded' | 'cancelled' | 'paused' | 'handed_back' | 'failed';

/** Errors the user must fix (bad data, a diverging run): the job fails once, no retry. */
function userError(err: unknown): { code: string; message: string } | null {
  if (err instanceof TrainingDataError) return { code: 'invalid_training_data', message: err.message };
  if (err instanceof TrainingDivergedError) return { code: 'training_diverged', message: `${err.message} Lower the learning rate or enable clipping.` };
  if (err instanceof CheckpointError && err.code === 'incompatible') return { code: 'checkpoint_incompatible', message: err.message };
  // Retrying would download the same bytes again; the operator must re-import the model.
  if (err instanceof ModelChecksumError) return { code: 'base_model_corrupt', message: err.message };
  return null;
}

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
  let input: RunInput | undefined;
  try {
    input = await loadRunInput(deps, job);
    const stepMetrics = new Map<number, Record<string, number>>();
    const result = await runEngine(input, {
      signal: watch.controller.signal,
      onStart: async (plan) => {
        writer.setProgress({ step: plan.startStep, total_steps: plan.totalSteps });
        await writer.flush();
      },
      onStep: async (step, totalSteps, metrics, progress) => {
        lastStep = step;
        stepMetrics.set(step, metrics);
        writer.record(step, metrics);
        writer.setProgress({ step, total_steps: totalSteps, epoch: progress.epoch, trained_tokens: progress.trainedTokens, eta_seconds: Math.round(progress.etaSeconds) });
        await writer.maybeFlush();
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
    if (result.status === 'cancelled' && watch.reason === 'handoff') {
      // The engine checkpointed the step it stopped at, so nothing trained is lost.
      if (await finishHandedBack(deps.db, job, attemptId, result.position.step)) {
        log.info({ step: result.position.step }, 'worker draining: job handed back');
        return 'handed_back';
      }
      await watch.check(); // a user's pause or cancel came first: finish that
    }
    if (result.status === 'cancelled') {
      const reason = watch.reason === 'handoff' ? 'pause' : (watch.reason ?? 'cancel');
      await finishStopped(deps.db, job, attemptId, reason, result.position.step);
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
    const user = userError(err);
    if (user || queueJob.lastTry) {
      const error = user ?? { code: 'internal_error', message: `Training failed after repeated errors: ${(err as Error).message}` };
      log.warn({ err, code: error.code }, 'training failed');
      await finishFailed(deps.db, job, attemptId, error, lastStep);
      return 'failed';
    }
    log.error({ err }, 'training attempt failed; it will be retried from the latest checkpoint');
    await deps.db.$transaction(async (tx) => {
      await tx.jobAttempt.update({ where: { id: attemptId }, data: { endedAt: new Date(), endReason: `error: ${(err as Error).message.slice(0, 200)}`, toStep: lastStep } });
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

/** Writes the checkpoint files under their own prefix, then the row and its event. */
async function storeCheckpoint(deps: TrainingDeps, job: FineTuningJob, state: CheckpointState, metrics: Record<string, number>) {
  const step = state.position.step;
  const prefix = objectKeys.checkpoint(job.organizationId, job.id, step);
  await saveCheckpoint(new S3CheckpointStore(deps.store, prefix), state);
  const values = { step, ...renameForCheckpoint(metrics) } as Prisma.InputJsonObject;
  await deps.db.$transaction(async (tx) => {
    const existing = await tx.checkpoint.findUnique({ where: { jobId_step: { jobId: job.id, step } } });
    const checkpoint = existing
      ? await tx.checkpoint.update({ where: { id: existing.id }, data: { storagePrefix: prefix, metrics: values } })
      : await tx.checkpoint.create({ data: { id: newId('checkpoint'), organizationId: job.organizationId, jobId: job.id, step, storagePrefix: prefix, metrics: values } });
    await recordJobEvent(tx, job, {
      message: `Checkpoint saved at step ${step}`,
      data: { checkpoint_id: checkpoint.id, step },
      webhook: 'fine_tuning.job.checkpoint.created',
      webhookData: { checkpoint_id: checkpoint.id, step, metrics: values },
    });
  });
}

/** OpenAI's checkpoint metric names. */
function renameForCheckpoint(metrics: Record<string, number>): Record<string, number> {
  const { train_loss, train_mean_token_accuracy, valid_loss, valid_mean_token_accuracy, ...rest } = metrics;
  return Object.fromEntries(
    Object.entries({ train_loss, train_mean_token_accuracy, valid_loss, valid_mean_token_accuracy, ...rest }).filter(([, v]) => v !== undefined),
  ) as Record<string, number>;
}
