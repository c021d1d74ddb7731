import type { Db, FineTuningJob } from '@whetstone/db';

/**
 * `ft:<base>:<org>:<suffix>:<job id>`, as OpenAI names fine-tuned models. Always the base model's
 * name, also for a job that continued from a fine-tuned model (its `model` is that model's name).
 */
export function fineTunedModelName(job: Pick<FineTuningJob, 'organizationId' | 'suffix' | 'id'>, baseModelName: string): string {
  return `ft:${baseModelName}:${job.organizationId}:${job.suffix ?? ''}:${job.id}`;
}

/** The job's fine-tuned model name: the registered one, or the one it will get (its checkpoints are named after it). */
export async function resultModelName(db: Db, job: Pick<FineTuningJob, 'organizationId' | 'suffix' | 'id' | 'baseModelId' | 'fineTunedModel'>): Promise<string> {
  if (job.fineTunedModel) return job.fineTunedModel;
  const base = await db.baseModel.findUniqueOrThrow({ where: { id: job.baseModelId }, select: { name: true } });
  return fineTunedModelName(job, base.name);
}

/** `<fine-tuned model>:ckpt-step-<N>`: a checkpoint's `fine_tuned_model_checkpoint`, usable as a job's model. */
export const checkpointModelName = (fineTunedModel: string, step: number) => `${fineTunedModel}:ckpt-step-${step}`;

const CHECKPOINT_MODEL = /^(ft:.+):ckpt-step-(\d{1,9})$/;

/** Splits a checkpoint model id into its fine-tuned model name and step; null for any other name. */
export function parseCheckpointModelName(name: string): { fineTunedModel: string; step: number } | null {
  const match = CHECKPOINT_MODEL.exec(name);
  return match ? { fineTunedModel: match[1]!, step: Number(match[2]) } : null;
}
