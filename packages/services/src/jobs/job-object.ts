import { createHash } from 'node:crypto';
import type { FineTuningJob, JobAttempt } from '@whetstone/db';
import type { JobSpec } from './job-spec';

const seconds = (d: Date | null | undefined) => (d ? Math.floor(d.getTime() / 1000) : null);

const opaqueWorkerIds = new Map<string, string>();

/**
 * Workers are named by host and pid inside the platform; tenants get a stable opaque label, enough
 * to see that two attempts ran on different workers and to quote one, not to map our machines.
 */
export function opaqueWorkerId(workerId: string): string {
  let opaque = opaqueWorkerIds.get(workerId);
  if (opaque === undefined) {
    // A pool has few workers and every attempt of a listed job names one: hash each once.
    if (opaqueWorkerIds.size >= 10_000) opaqueWorkerIds.clear();
    opaque = `worker-${createHash('sha256').update(workerId).digest('hex').slice(0, 12)}`;
    opaqueWorkerIds.set(workerId, opaque);
  }
  return opaque;
}

type JobError = { code: string; message: string; param: string | null };

/** Internal failures recorded before messages were made safe carried raw error text: never show it. */
function tenantError(job: FineTuningJob): JobError | null {
  const error = job.error as JobError | null;
  if (error?.code !== 'internal_error') return error ?? null;
  return { code: error.code, param: null, message: `Training failed after repeated internal errors. The operator's logs have the details under job ${job.id}; quote it when you contact support.` };
}

/** Attempts that ended in an error once stored the raw error text; tenants see only the reason's code. */
const endReasonCode = (reason: string | null) => (reason?.startsWith('error:') ? 'error' : reason);

export interface QueueInfo {
  position: number;
  estimated_start: number | null;
}

/** The OpenAI fine_tuning.job object, plus our fields (training_type, spec, progress, queue, attempts). */
export function toJobObject(job: FineTuningJob & { attempts?: JobAttempt[] }, queue: QueueInfo | null = null) {
  const spec = job.spec as unknown as JobSpec;
  const hp = spec.hyperparameters;
  // Until the files are validated, "auto" has nothing to resolve from: show what was asked.
  const asked = job.status === 'validating_files' ? requestedHyperparameters(job.requested, spec.method) : null;
  const openAiHyperparameters = {
    n_epochs: asked ? (asked.n_epochs ?? 'auto') : hp.n_epochs,
    batch_size: asked ? (asked.batch_size ?? 'auto') : hp.batch_size,
    learning_rate_multiplier: asked ? (asked.learning_rate_multiplier ?? 'auto') : hp.learning_rate_multiplier,
    ...(spec.method === 'dpo' ? { beta: asked ? (asked.beta ?? 'auto') : hp.beta } : {}),
  };
  // The method's hyperparameters: OpenAI's (as above, so both say the same, "auto" included), then
  // the spec's other resolved ones in its order. Object.assign, not `{ ...openAi, ...rest }`: V8
  // builds that spread literal on a slow path (about 17 µs a job, most of a list page's object
  // building; Object.assign 0.3 µs). The last assign puts OpenAI's values back over the spec's.
  const methodHyperparameters: Record<string, unknown> = Object.assign({}, openAiHyperparameters, hp, openAiHyperparameters);
  return {
    id: job.id,
    object: 'fine_tuning.job' as const,
    created_at: seconds(job.createdAt)!,
    error: tenantError(job),
    fine_tuned_model: job.fineTunedModel,
    finished_at: seconds(job.finishedAt),
    hyperparameters: openAiHyperparameters,
    model: job.model,
    organization_id: job.organizationId,
    result_files: job.resultFileId ? [job.resultFileId] : [],
    seed: job.seed,
    status: job.status,
    trained_tokens: job.status === 'succeeded' ? Number(job.trainedTokens) : job.trainedTokens > 0n ? Number(job.trainedTokens) : null,
    training_file: job.trainingFileId,
    validation_file: job.validationFileId,
    estimated_finish: seconds(job.estimatedFinish),
    integrations: [] as unknown[],
    metadata: (job.metadata as Record<string, string> | null) ?? null,
    user_provided_suffix: job.suffix,
    method: {
      type: spec.method,
      [spec.method]: { hyperparameters: methodHyperparameters },
    },
    // Extensions
    training_type: spec.training_type as unknown as Record<string, unknown>,
    // Warm start: the fine-tuned model or checkpoint it continues from (also its `model`), and that model's job.
    parent_model: job.parentModel,
    parent_fine_tuning_job: job.parentJobId,
    priority: job.priority,
    spec: spec as unknown as Record<string, unknown>,
    progress: (job.progress as Record<string, unknown> | null) ?? null,
    queue,
    started_at: seconds(job.startedAt),
    attempts: (job.attempts ?? []).map((a) => ({
      number: a.number,
      worker_id: opaqueWorkerId(a.workerId),
      from_step: a.fromStep,
      to_step: a.toStep,
      end_reason: endReasonCode(a.endReason),
      started_at: seconds(a.startedAt)!,
      ended_at: seconds(a.endedAt),
    })),
  };
}

type Asked = Partial<Record<'n_epochs' | 'batch_size' | 'learning_rate_multiplier' | 'beta', number | 'auto'>>;

function requestedHyperparameters(requested: unknown, method: string): Asked {
  const r = requested as { hyperparameters?: Asked | null; method?: Record<string, { hyperparameters?: Asked | null } | null> | null };
  return r.method?.[method]?.hyperparameters ?? r.hyperparameters ?? {};
}

export type JobObject = ReturnType<typeof toJobObject>;
