import { QuotaError, ValidationError, newId } from '@whetstone/common';
import { DEFAULT_WORKER_CLASS_MEMORY_GB } from '@whetstone/config';
import type { BaseModel, Db, File, FineTuningJob, Organization, Prisma, Tx } from '@whetstone/db';
import type { ValidationSummary } from '@whetstone/datasets';
import { currentTraceCarrier } from '@whetstone/observability';
import { assertNotDeprecated } from '../models/base-models';
import { ModelNotFoundError } from '../models/model-errors';
import { findParentModel, isParentModelName, warmStartTrainingType, type ParentModel } from '../models/parent-model';
import { getUsage } from '../tenants/usage';
import type { CreateJobRequest } from './create-job-request';
import { recordJobEvents, type JobEventInput } from './job-events';
import type { JobSpec } from './job-spec';
import { resolveSpec } from './resolve-spec';
import { insertCreatedJob, type NewJobEvent, type NewOutboxRow } from './insert-created-job';
import { outboxEventRow } from '../events/outbox';
import { checkJobFile, isPendingFile } from './job-files';
import { lookupCreateInputs } from './create-lookups';
import { configOfShape, storedTrainingShape } from '../models/training-shape';
import { largestFittingBatch, planJobMemory } from './job-memory';

const SUPERVISED_FORMATS = ['chat', 'prompt_completion'];
const PREFERENCE_FORMATS = ['preference', 'preference_trl'];

export interface CreateJobContext {
  db: Db;
  prices: Record<string, number>;
  /** Tokens/s per worker class, for duration estimates. */
  throughput: Record<string, number>;
  /** GB a training process may use on each worker class (WORKER_CLASS_MEMORY_GB; default DEFAULT_WORKER_CLASS_MEMORY_GB). */
  workerMemoryGb?: Record<string, number>;
}

export interface PlannedJob {
  spec: JobSpec;
  baseModelId: string;
  workerClass: string;
  request: CreateJobRequest;
  /** Files still being validated; non-empty means the job starts in `validating_files`. */
  pendingFiles: string[];
  /** A warm start's fine-tuned model or checkpoint; null when the job trains from a base model. */
  parent: ParentModel | null;
}

/**
 * What every create checks first: the model, the method's fields, integrations, then the files
 * (read together with the model, checked after it). A model naming a fine-tuned model or
 * checkpoint is a warm start on that model's base model; the returned request then carries the
 * training type the job runs (the parent's unless given).
 */
async function checkRequest(ctx: CreateJobContext, org: Organization, asked: CreateJobRequest) {
  let request = asked;
  if (request.method && request.hyperparameters) {
    throw new ValidationError('Give hyperparameters either at the top level or in method, not both.', 'hyperparameters');
  }
  const integration = request.integrations?.[0];
  if (integration) {
    throw new ValidationError(`Integration type '${integration.type}' is not supported; send integrations: [] or leave it out.`, 'integrations', 'unsupported_integration');
  }
  const fileIds = request.validation_file ? [request.training_file, request.validation_file] : [request.training_file];
  const [parent, found] = await Promise.all([
    isParentModelName(request.model) ? findParentModel(ctx.db, org.id, request.model) : null,
    lookupCreateInputs(ctx.db, org.id, request.model, fileIds),
  ]);
  if (parent) request = { ...request, training_type: warmStartTrainingType(parent, request.training_type) };
  // Missing and another tenant's private (or fine-tuned) model answer alike: 404 model_not_found.
  const model = parent?.baseModel ?? found.model;
  if (!model) throw new ModelNotFoundError(request.model, 'model');
  assertNotDeprecated(model);
  if (request.training_type?.type === 'full' && request.method?.type === 'dpo' && Number(model.parameterCount) > 2e9) {
    throw new ValidationError('Full fine-tuning with DPO keeps two copies of the model; use LoRA for models over 2B parameters.', 'training_type');
  }
  const training = checkJobFile(found.files.get(request.training_file) ?? null, request.training_file, 'training_file');
  const validation = request.validation_file ? checkJobFile(found.files.get(request.validation_file) ?? null, request.validation_file, 'validation_file') : null;
  const resources = model.resources as { worker_class?: string };
  return { model, workerClass: resources.worker_class ?? 'default', parent, request, training, validation };
}

/** Resolves the spec from validated files: format checks, "auto" values and estimates. */
function resolvePlan(ctx: CreateJobContext, request: CreateJobRequest, model: BaseModel, workerClass: string, training: File, validation: File | null, parent: ParentModel | null): PlannedJob {
  const method = request.method?.type ?? 'supervised';
  const formats = method === 'dpo' ? PREFERENCE_FORMATS : SUPERVISED_FORMATS;
  if (!training.format || !formats.includes(training.format)) {
    const needed = method === 'dpo' ? 'a preference file (input/preferred_output/non_preferred_output or prompt/chosen/rejected)' : 'a chat or prompt/completion file';
    throw new ValidationError(`Method '${method}' needs ${needed}; ${training.id} is ${training.format ?? 'of unknown format'}.`, 'training_file', 'invalid_file_format');
  }
  if (validation && validation.format !== training.format) {
    throw new ValidationError(
      `The validation file must have the training file's format (${training.format}); ${validation.id} is ${validation.format}.`,
      'validation_file',
      'invalid_file_format',
    );
  }
  const summary = training.validationSummary as ValidationSummary | null;
  const validationSummary = validation?.validationSummary as ValidationSummary | null | undefined;
  const spec = resolveSpec(request, {
    dataset: {
      examples: summary?.examples ?? 0,
      totalTokens: summary?.total_tokens ?? null,
      trainedTokensPerEpoch: billedTokensPerEpoch(summary),
      validationExamples: validationSummary?.examples ?? null,
    },
    contextLength: model.contextLength,
    throughputTokensPerSecond: ctx.throughput[workerClass] ?? ctx.throughput.default ?? 1000,
    usdPerMillionTrainedTokens: ctx.prices[model.name] ?? null,
    ...batchFitting(ctx, model, workerClass),
  });
  if (spec.estimates.train_examples < 1) throw new ValidationError('The training file leaves no example to train on after the validation split.', 'training_file');
  return { spec, baseModelId: model.id, workerClass: placeByMemory(ctx, model, workerClass, spec), request, pendingFiles: [], parent };
}

/** "auto" batch sizes split by the memory of the model's class (when the model's shape is recorded). */
function batchFitting(ctx: CreateJobContext, model: BaseModel, workerClass: string) {
  const shape = storedTrainingShape(model.resources);
  const classGb = (ctx.workerMemoryGb ?? DEFAULT_WORKER_CLASS_MEMORY_GB)[workerClass];
  if (!shape || classGb === undefined) return {};
  const config = configOfShape(shape);
  return {
    fitBatch: (want: number, job: { trainingType: JobSpec['training_type']; method: JobSpec['method']; seq: number; accumulation: number }) =>
      largestFittingBatch({ config, trainingType: job.trainingType, method: job.method, seq: job.seq, gradientAccumulationSteps: job.accumulation }, want, classGb * 1e9),
  };
}

/** Dispatch by memory: the class that can hold the job (the model's own when it fits), or a 400 saying what would fit. */
function placeByMemory(ctx: CreateJobContext, model: BaseModel, workerClass: string, spec: JobSpec): string {
  const shape = storedTrainingShape(model.resources);
  if (!shape) return workerClass;
  const hp = spec.hyperparameters;
  const job = { config: configOfShape(shape), trainingType: spec.training_type, method: spec.method, batchSize: hp.batch_size, seq: hp.max_seq_length, gradientAccumulationSteps: hp.gradient_accumulation_steps };
  return planJobMemory(job, ctx.workerMemoryGb ?? DEFAULT_WORKER_CLASS_MEMORY_GB, workerClass).workerClass;
}

/**
 * A job whose files are still being validated: the spec holds the request's values with no data
 * facts (nothing to estimate yet); it is resolved again when the files are processed.
 */
function provisionalPlan(ctx: CreateJobContext, request: CreateJobRequest, model: BaseModel, workerClass: string, pending: File[], parent: ParentModel | null): PlannedJob {
  const spec = resolveSpec(request, {
    dataset: { examples: 0, totalTokens: null, trainedTokensPerEpoch: null, validationExamples: null },
    contextLength: model.contextLength,
    throughputTokensPerSecond: 1,
    usdPerMillionTrainedTokens: null,
    ...batchFitting(ctx, model, workerClass),
  });
  const none = { train_examples: 0, validation_examples: 0, tokens_per_epoch: 0, trained_tokens_per_epoch: 0, total_trained_tokens: 0, steps_per_epoch: 0, total_steps: 0, estimated_seconds: 0, estimated_cost_usd: null };
  return { spec: { ...spec, estimates: none }, baseModelId: model.id, workerClass: placeByMemory(ctx, model, workerClass, spec), request, pendingFiles: pending.map((f) => f.id), parent };
}

/**
 * Checks a create request against the tenant's files, models and quotas and resolves its spec,
 * without writing anything (also the dry run). Every problem is a specific 400/404/429. Files
 * still being validated are refused (400 file_not_ready) unless `allowPendingFiles`: a real
 * create then waits for them in `validating_files`, as OpenAI's API does. `checkQuotas: false`
 * leaves the quota check to the caller (createJob's reservation, which is the one that holds, so
 * a create does not count the tenant's usage twice).
 */
export async function planJob(
  ctx: CreateJobContext,
  org: Organization,
  asked: CreateJobRequest,
  options: { allowPendingFiles?: boolean; checkQuotas?: boolean } = {},
): Promise<PlannedJob> {
  const { model, workerClass, parent, request, training, validation } = await checkRequest(ctx, org, asked);
  const pending = [training, validation].filter((f): f is File => f !== null && isPendingFile(f));
  if (pending.length > 0 && !options.allowPendingFiles) {
    const file = pending[0]!;
    const param = file === training ? 'training_file' : 'validation_file';
    throw new ValidationError(`File ${file.id} is still being validated (status ${file.status}); a dry run needs processed files.`, param, 'file_not_ready');
  }
  const plan =
    pending.length > 0 ? provisionalPlan(ctx, request, model, workerClass, pending, parent) : resolvePlan(ctx, request, model, workerClass, training, validation, parent);
  if (options.checkQuotas === false) return plan;

  const usage = await getUsage(ctx.db, org.id);
  if (org.maxQueuedJobs !== null && usage.queued_jobs >= org.maxQueuedJobs) {
    throw new QuotaError('max_queued_jobs', `You have ${usage.queued_jobs} queued jobs, the most your organization allows (${org.maxQueuedJobs}).`);
  }
  const tokens = plan.spec.estimates.total_trained_tokens;
  if (org.monthlyTrainedTokens !== null && usage.trained_tokens + tokens > Number(org.monthlyTrainedTokens)) {
    throw new QuotaError(
      'monthly_trained_tokens',
      `This job would train about ${tokens} tokens; ${usage.trained_tokens} of your monthly ${org.monthlyTrainedTokens} are used.`,
    );
  }
  return plan;
}

/**
 * Resolves the plan of a job that waited in `validating_files` once its files are processed.
 * Throws the AppError the job fails with (a file that failed validation, a wrong format).
 */
export async function planValidatedJob(ctx: CreateJobContext, org: Organization, asked: CreateJobRequest): Promise<PlannedJob | 'waiting'> {
  const { model, workerClass, parent, request, training, validation } = await checkRequest(ctx, org, asked);
  if (isPendingFile(training) || (validation && isPendingFile(validation))) return 'waiting';
  return resolvePlan(ctx, request, model, workerClass, training, validation, parent);
}

/**
 * Creates the job with its events and their outbox rows atomically, admitted by the tenant's
 * quotas (insertCreatedJob): `queued` when its files are processed, or `validating_files` while
 * they are still being validated (settled when validation ends; see settle-validating-job.ts).
 * Dispatch happens after commit.
 */
export async function createJob(ctx: CreateJobContext, org: Organization, request: CreateJobRequest): Promise<FineTuningJob> {
  const plan = await planJob(ctx, org, request, { allowPendingFiles: true, checkQuotas: false });
  const waiting = plan.pendingFiles.length > 0;
  const status = waiting ? 'validating_files' : 'queued';
  const id = newId('job');
  const now = new Date();
  // The job's events; a warm start says what it continues.
  const created: JobEventInput[] = [{ message: `Created fine-tuning job: ${id}`, webhook: 'fine_tuning.job.created', webhookData: { status } }];
  if (plan.parent) {
    const { name, jobId, checkpointStep, baseModel } = plan.parent;
    created.push({
      message: `Continues from ${name} (base model ${baseModel.name})`,
      data: { parent_model: name, parent_fine_tuning_job: jobId, parent_checkpoint_step: checkpointStep, base_model: baseModel.name },
    });
  }
  const events = waiting ? [...created, { message: `Validating files: ${plan.pendingFiles.join(', ')}`, data: { files: plan.pendingFiles } }] : [...created, ...validatedEvents(plan)];
  const unlimited = org.maxQueuedJobs === null && org.monthlyTrainedTokens === null && org.storageBytes === null;
  return insertCreatedJob(
    ctx.db,
    unlimited,
    {
      id,
      organizationId: org.id,
      baseModelId: plan.baseModelId,
      model: request.model,
      trainingFileId: request.training_file,
      validationFileId: request.validation_file ?? null,
      method: plan.spec.method,
      trainingType: plan.spec.training_type.type,
      requested: request,
      spec: plan.spec,
      status,
      suffix: request.suffix ?? null,
      seed: request.seed ?? Math.floor(Math.random() * 2 ** 31),
      metadata: request.metadata ?? null,
      priority: request.priority ?? 0,
      workerClass: plan.workerClass,
      queuedAt: waiting ? null : now,
      progress: waiting ? null : { step: 0, total_steps: plan.spec.estimates.total_steps },
      traceparent: currentTraceCarrier()?.traceparent ?? null,
      parentModel: plan.parent?.name ?? null,
      parentJobId: plan.parent?.jobId ?? null,
      parentCheckpointStep: plan.parent?.checkpointStep ?? null,
      createdAt: now,
    },
    ...jobEventRows(org.id, id, events, now),
  );
}

/** recordJobEvents' rows for a job not written yet: its events, and outbox rows for those with a webhook. */
function jobEventRows(organizationId: string, jobId: string, events: JobEventInput[], createdAt: Date): [NewJobEvent[], NewOutboxRow[]] {
  const rows = events.map((event) => ({ id: newId('jobEvent'), level: event.level ?? 'info', type: event.type ?? 'message', message: event.message, data: event.data }));
  const outbox = events.flatMap((event) => {
    if (!event.webhook) return [];
    const row = outboxEventRow({ organizationId, type: event.webhook, data: { id: jobId, object: 'fine_tuning.job', ...(event.webhookData ?? {}) }, createdAt });
    return [{ id: row.id, type: row.type, payload: row.payload, traceparent: row.traceparent }];
  });
  return [rows, outbox];
}

/** The events of a job whose files are validated and which is now queued. */
export async function recordValidated(tx: Tx, job: FineTuningJob, plan: PlannedJob): Promise<void> {
  await recordJobEvents(tx, job, validatedEvents(plan));
}

function validatedEvents(plan: PlannedJob): JobEventInput[] {
  return [
    { message: `Validated training file: ${plan.request.training_file}`, data: { estimates: plan.spec.estimates as unknown as Prisma.InputJsonObject } },
    { message: 'Job queued', webhook: 'fine_tuning.job.queued', webhookData: { status: 'queued' } },
  ];
}

/**
 * Tokens per epoch in the unit a job is charged (trained_tokens: every token training runs
 * through the model). Summaries written before that field meant it counted loss-bearing tokens
 * only (they lack loss_tokens_per_epoch): for those, all tokens of the file stand in.
 */
function billedTokensPerEpoch(summary: ValidationSummary | null): number | null {
  if (!summary) return null;
  return summary.loss_tokens_per_epoch === undefined ? summary.total_tokens : summary.trained_tokens_per_epoch;
}
