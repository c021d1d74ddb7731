import { z } from 'zod';
import { createJobRequestSchema } from '@whetstone/services';

export const createJobBody = createJobRequestSchema.meta({ id: 'CreateFineTuningJobRequest' });

const errorObject = z.object({ code: z.string(), message: z.string(), param: z.string().nullable() });

export const jobObject = z
  .object({
    id: z.string(),
    object: z.literal('fine_tuning.job'),
    created_at: z.number().int(),
    error: errorObject.nullable(),
    fine_tuned_model: z.string().nullable(),
    finished_at: z.number().int().nullable(),
    hyperparameters: z.record(z.string(), z.unknown()),
    model: z.string(),
    organization_id: z.string(),
    result_files: z.array(z.string()),
    seed: z.number().int(),
    status: z.enum(['validating_files', 'queued', 'running', 'pausing', 'paused', 'succeeded', 'failed', 'cancelled']),
    trained_tokens: z.number().int().nullable(),
    training_file: z.string(),
    validation_file: z.string().nullable(),
    estimated_finish: z.number().int().nullable(),
    integrations: z.array(z.unknown()),
    metadata: z.record(z.string(), z.string()).nullable(),
    user_provided_suffix: z.string().nullable(),
    method: z.record(z.string(), z.unknown()),
    training_type: z.record(z.string(), z.unknown()),
    parent_model: z.string().nullable().describe('Warm start: the fine-tuned model or checkpoint (`…:ckpt-step-N`) this job continues from; null when it trains from a base model'),
    parent_fine_tuning_job: z.string().nullable().describe("The parent model's fine-tuning job"),
    priority: z.number().int(),
    spec: z.record(z.string(), z.unknown()).describe('The resolved training spec: every "auto" replaced by its value, plus estimates'),
    progress: z.record(z.string(), z.unknown()).nullable(),
    queue: z.object({ position: z.number().int(), estimated_start: z.number().int().nullable() }).nullable(),
    started_at: z.number().int().nullable(),
    attempts: z.array(
      z.object({
        number: z.number().int(),
        worker_id: z.string(),
        from_step: z.number().int(),
        to_step: z.number().int().nullable(),
        end_reason: z.string().nullable(),
        started_at: z.number().int(),
        ended_at: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'FineTuningJob' });

export const dryRunObject = z
  .object({
    object: z.literal('fine_tuning.job.dry_run'),
    model: z.string(),
    parent_model: z.string().nullable(),
    method: z.enum(['supervised', 'dpo']),
    worker_class: z.string(),
    spec: z.record(z.string(), z.unknown()),
    estimates: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'FineTuningJobDryRun' });

export const jobEventObject = z
  .object({
    id: z.string(),
    object: z.literal('fine_tuning.job.event'),
    created_at: z.number().int(),
    level: z.string(),
    message: z.string(),
    type: z.string(),
    data: z.unknown().nullable(),
  })
  .meta({ id: 'FineTuningJobEvent' });

export const checkpointObject = z
  .object({
    id: z.string(),
    object: z.literal('fine_tuning.job.checkpoint'),
    created_at: z.number().int(),
    fine_tuned_model_checkpoint: z.string(),
    step_number: z.number().int(),
    metrics: z.record(z.string(), z.unknown()),
    fine_tuning_job_id: z.string(),
  })
  .meta({ id: 'FineTuningJobCheckpoint' });

export const jobIdParams = z.object({ fine_tuning_job_id: z.string().min(1).max(100) });
