import { QuotaError, ValidationError, newId } from '@whetstone/common';
import type { Db, File, Organization, Prisma } from '@whetstone/db';
import type { ValidationSummary } from '@whetstone/datasets';
import { assertNotDeprecated, findUsableBaseModel } from '../models/base-models';
import { getUsage } from '../tenants/usage';
import type { CreateJobRequest } from './create-job-request';
import { recordJobEvents } from './job-events';
import type { JobSpec } from './job-spec';
import { resolveSpec } from './resolve-spec';
import { reserveJobQuota } from '../tenants/job-quota-reservation';

const SUPERVISED_FORMATS = ['chat', 'prompt_completion'];
const PREFERENCE_FORMATS = ['preference', 'preference_trl'];

export interface CreateJobContext {
  db: Db;
  prices: Record<string, number>;
  /** Tokens/s per worker class, for duration estimates. */
  throughput: Record<string, number>;
}

export interface PlannedJob {
  spec: JobSpec;
  baseModelId: string;
  workerClass: string;
  request: CreateJobRequest;
}

async function usableFile(db: Db, orgId: string, id: string, param: string): Promise<File> {
  const file = await db.file.findFirst({ where: { id, organizationId: orgId, deletedAt: null } });
  // A reference inside a create body is a bad request, not a missing resource (OpenAI answers 400).
  if (!file) throw new ValidationError(`No file found with id '${id}'.`, param, 'file_not_found');
  if (file.status === 'error') {
    throw new ValidationError(`File ${id} failed validation: ${file.statusDetails ?? 'see GET /v1/files/' + id + '/validation'}`, param, 'invalid_file');
  }
  if (file.status !== 'processed') {
    throw new ValidationError(`File ${id} is still being validated (status ${file.status}); retry when it is processed.`, param, 'file_not_ready');
  }
  return file;
}

/**
 * Checks a create request against the tenant's files, models and quotas and resolves its spec,
 * without writing anything (also the dry run). Every problem is a specific 400/404/429.
 * `checkQuotas: false` leaves the quota check to the caller (createJob's reservation, which is
 * the one that holds, so a create does not count the tenant's usage twice).
 */
export async function planJob(ctx: CreateJobContext, org: Organization, request: CreateJobRequest, options: { checkQuotas?: boolean } = {}): Promise<PlannedJob> {
  const method = request.method?.type ?? 'supervised';
  if (request.method && request.hyperparameters) {
    throw new ValidationError('Give hyperparameters either at the top level or in method, not both.', 'hyperparameters');
  }
  // Missing and another tenant's private model answer alike: 404 model_not_found.
  const model = await findUsableBaseModel(ctx.db, org.id, request.model);
  assertNotDeprecated(model);
  const training = await usableFile(ctx.db, org.id, request.training_file, 'training_file');
  const formats = method === 'dpo' ? PREFERENCE_FORMATS : SUPERVISED_FORMATS;
  if (!training.format || !formats.includes(training.format)) {
    const needed = method === 'dpo' ? 'a preference file (input/preferred_output/non_preferred_output or prompt/chosen/rejected)' : 'a chat or prompt/completion file';
    throw new ValidationError(`Method '${method}' needs ${needed}; ${training.id} is ${training.format ?? 'of unknown format'}.`, 'training_file', 'invalid_file_format');
  }
  let validation: File | null = null;
  if (request.validation_file) {
    validation = await usableFile(ctx.db, org.id, request.validation_file, 'validation_file');
    if (validation.format !== training.format) {
      throw new ValidationError(
        `The validation file must have the training file's format (${training.format}); ${validation.id} is ${validation.format}.`,
        'validation_file',
        'invalid_file_format',
      );
    }
  }
  if (request.training_type?.type === 'full' && method === 'dpo' && Number(model.parameterCount) > 2e9) {
    throw new ValidationError('Full fine-tuning with DPO keeps two copies of the model; use LoRA for models over 2B parameters.', 'training_type');
  }
  const summary = training.validationSummary as ValidationSummary | null;
  const validationSummary = validation?.validationSummary as ValidationSummary | null | undefined;
  const resources = model.resources as { worker_class?: string };
  const workerClass = resources.worker_class ?? 'default';
  const spec = resolveSpec(request, {
    dataset: {
      examples: summary?.examples ?? 0,
      totalTokens: summary?.total_tokens ?? null,
      trainedTokensPerEpoch: summary?.trained_tokens_per_epoch ?? null,
      validationExamples: validationSummary?.examples ?? null,
    },
    contextLength: model.contextLength,
    throughputTokensPerSecond: ctx.throughput[workerClass] ?? ctx.throughput.default ?? 1000,
    usdPerMillionTrainedTokens: ctx.prices[model.name] ?? null,
  });
  if (spec.estimates.train_examples < 1) throw new ValidationError('The training file leaves no example to train on after the validation split.', 'training_file');
  if (options.checkQuotas === false) return { spec, baseModelId: model.id, workerClass, request };

  const usage = await getUsage(ctx.db, org.id);
  if (org.maxQueuedJobs !== null && usage.queued_jobs >= org.maxQueuedJobs) {
    throw new QuotaError('max_queued_jobs', `You have ${usage.queued_jobs} queued jobs, the most your organization allows (${org.maxQueuedJobs}).`);
  }
  if (org.monthlyTrainedTokens !== null && usage.trained_tokens + spec.estimates.total_trained_tokens > Number(org.monthlyTrainedTokens)) {
    throw new QuotaError(
      'monthly_trained_tokens',
      `This job would train about ${spec.estimates.total_trained_tokens} tokens; ${usage.trained_tokens} of your monthly ${org.monthlyTrainedTokens} are used.`,
    );
  }
  return { spec, baseModelId: model.id, workerClass, request };
}

/** Creates the job (queued) with its events in one transaction. Dispatch happens after commit. */
export async function createJob(ctx: CreateJobContext, org: Organization, request: CreateJobRequest) {
  const plan = await planJob(ctx, org, request, { checkQuotas: false });
  const id = newId('job');
  const now = new Date();
  return ctx.db.$transaction(async (tx) => {
    // The quick checks in planJob answer dry runs; this one, under the tenant's row lock, is the one that holds.
    await reserveJobQuota(tx, org, { estimatedTokens: plan.spec.estimates.total_trained_tokens });
    const job = await tx.fineTuningJob.create({
      data: {
        id,
        organizationId: org.id,
        baseModelId: plan.baseModelId,
        model: request.model,
        trainingFileId: request.training_file,
        validationFileId: request.validation_file ?? null,
        method: plan.spec.method,
        trainingType: plan.spec.training_type.type,
        requested: request as unknown as Prisma.InputJsonValue,
        spec: plan.spec as unknown as Prisma.InputJsonValue,
        status: 'queued',
        suffix: request.suffix ?? null,
        seed: request.seed ?? Math.floor(Math.random() * 2 ** 31),
        metadata: (request.metadata ?? undefined) as Prisma.InputJsonValue | undefined,
        priority: request.priority ?? 0,
        workerClass: plan.workerClass,
        queuedAt: now,
        progress: { step: 0, total_steps: plan.spec.estimates.total_steps } as Prisma.InputJsonValue,
      },
    });
    await recordJobEvents(tx, job, [
      { message: `Created fine-tuning job: ${id}`, webhook: 'fine_tuning.job.created', webhookData: { status: 'queued' } },
      { message: `Validated training file: ${request.training_file}`, data: { estimates: plan.spec.estimates as unknown as Prisma.InputJsonObject } },
      { message: 'Job queued', webhook: 'fine_tuning.job.queued', webhookData: { status: 'queued' } },
    ]);
    return job;
  });
}
