import { ValidationError } from '@whetstone/common';
import type { BaseModel, Db } from '@whetstone/db';
import type { TrainingType } from '../jobs/create-job-request';
import type { JobSpec } from '../jobs/job-spec';
import { checkpointModelName, fineTunedModelName, parseCheckpointModelName } from './fine-tuned-model-name';
import { findFineTunedModel, isFineTunedModelId } from './fine-tuned-models';
import { ModelNotFoundError } from './model-errors';

/** What a warm-started job continues from: a fine-tuned model, or one checkpoint of a job. */
export interface ParentModel {
  /** The name the job gave as its model (`ft:…` or `ft:…:ckpt-step-N`). */
  name: string;
  jobId: string;
  /** The checkpoint's step; null for the parent job's delivered model. */
  checkpointStep: number | null;
  /** How the parent was trained (its adapter shape for LoRA). */
  trainingType: TrainingType;
  /** The parent's base model: the warm-started job trains on it too. */
  baseModel: BaseModel;
}

export const isParentModelName = isFineTunedModelId;

/**
 * Resolves a job's `model` naming a fine-tuned model or a checkpoint of the tenant's. Anything
 * else (missing, deleted, another tenant's, a checkpoint step that was never written) is the
 * same 404 model_not_found a missing base model gets.
 */
export async function findParentModel(db: Db, orgId: string, name: string): Promise<ParentModel> {
  const checkpoint = parseCheckpointModelName(name);
  if (checkpoint) {
    const jobId = checkpoint.fineTunedModel.split(':').at(-1)!;
    const job = await db.fineTuningJob.findFirst({ where: { id: jobId, organizationId: orgId }, include: { baseModel: true } });
    if (!job || fineTunedModelName(job, job.baseModel.name) !== checkpoint.fineTunedModel) throw new ModelNotFoundError(name, 'model');
    const row = await db.checkpoint.findFirst({ where: { jobId: job.id, organizationId: orgId, step: checkpoint.step }, select: { step: true } });
    if (!row) throw new ModelNotFoundError(name, 'model');
    // Deleting a job's model deletes its checkpoints' files too.
    if (await db.fineTunedModel.findFirst({ where: { jobId: job.id, organizationId: orgId, deletedAt: { not: null } }, select: { id: true } })) throw new ModelNotFoundError(name, 'model');
    return { name: checkpointModelName(checkpoint.fineTunedModel, row.step), jobId: job.id, checkpointStep: row.step, trainingType: trainingTypeOf(job.spec), baseModel: job.baseModel };
  }
  const model = await findFineTunedModel(db, orgId, name).catch(() => {
    throw new ModelNotFoundError(name, 'model');
  });
  const job = await db.fineTuningJob.findFirstOrThrow({ where: { id: model.jobId, organizationId: orgId }, include: { baseModel: true } });
  return { name: model.name, jobId: job.id, checkpointStep: null, trainingType: trainingTypeOf(job.spec), baseModel: job.baseModel };
}

const trainingTypeOf = (spec: unknown) => (spec as JobSpec).training_type;

const targetsOf = (t: Extract<TrainingType, { type: 'lora' }>) => (t.target_modules === 'all-linear' ? 'all-linear' : [...t.target_modules].sort().join(','));

/**
 * The training type a warm-started job runs: the parent's when the request names none; otherwise
 * the request's, when it continues the parent. A LoRA child of a LoRA parent keeps its rank, alpha
 * and target modules (its adapter is trained on); a full child of a LoRA parent starts from the
 * merged weights. A LoRA child of a fully tuned parent is refused: its adapter would only apply to
 * the parent's weights, not to the base model every adapter here belongs to.
 */
export function warmStartTrainingType(parent: ParentModel, requested: TrainingType | undefined): TrainingType {
  const from = parent.trainingType;
  if (!requested) return from;
  if (requested.type === 'full') return requested;
  const fail = (field: string, why: string): never => {
    throw new ValidationError(`${parent.name} ${why}; leave training_type out to continue with the parent's.`, `training_type.${field}`, 'incompatible_parent_model');
  };
  if (from.type === 'full') fail('type', 'was fully fine-tuned: a LoRA adapter trained on it would not apply to its base model, so continue with training_type {type: "full"}');
  if (from.type !== 'lora') return requested;
  if (requested.r !== from.r) fail('r', `is a LoRA adapter of rank ${from.r}, not ${requested.r}`);
  if (requested.alpha !== from.alpha) fail('alpha', `is a LoRA adapter with alpha ${from.alpha}, not ${requested.alpha}`);
  if (targetsOf(requested) !== targetsOf(from)) fail('target_modules', `adapts ${targetsOf(from)}, not ${targetsOf(requested)}`);
  return requested;
}
