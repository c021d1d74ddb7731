import type { BaseModel, Db, FineTunedModel } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';
import { deleteResultsFile } from '../jobs/results-file';
import { releaseStorage } from '../tenants/storage-quota';
import { recordJobEvent } from '../jobs/job-events';
import { ModelNotFoundError } from './model-errors';

export interface FineTunedModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  kind: 'fine_tuned';
  /** The base model it was trained from. */
  parent: string;
  fine_tuning_job: string;
  /** lora_adapter (a PEFT folder) or full_weights (a Hugging Face model folder). */
  artifact: string;
  /** The fine-tuned model or checkpoint its job continued from (a warm start); null when trained from the base model. */
  parent_model: string | null;
  /** What it descends from, oldest first: the base model, then each warm start's parent. */
  lineage: string[];
}

/** `lineage`: from jobLineage (the base model's name first). */
export function toFineTunedModelObject(model: FineTunedModel & { baseModel: Pick<BaseModel, 'name'> }, lineage: string[] = [model.baseModel.name]): FineTunedModelObject {
  return {
    id: model.name,
    object: 'model',
    created: Math.floor(model.createdAt.getTime() / 1000),
    owned_by: model.organizationId,
    kind: 'fine_tuned',
    parent: model.baseModel.name,
    fine_tuning_job: model.jobId,
    artifact: model.kind,
    parent_model: lineage.length > 1 ? lineage.at(-1)! : null,
    lineage,
  };
}

export const isFineTunedModelId = (id: string) => id.startsWith('ft:');

const live = (orgId: string) => ({ organizationId: orgId, deletedAt: null });

export async function listFineTunedModels(db: Db, orgId: string) {
  return db.fineTunedModel.findMany({ where: live(orgId), include: { baseModel: { select: { name: true } } }, orderBy: { createdAt: 'asc' } });
}

/** The tenant's own fine-tuned model; another tenant's or a deleted one is 404 model_not_found. */
export async function findFineTunedModel(db: Db, orgId: string, name: string) {
  const model = await db.fineTunedModel.findFirst({ where: { name, ...live(orgId) }, include: { baseModel: { select: { name: true } } } });
  if (!model) throw new ModelNotFoundError(name);
  return model;
}

/**
 * Deletes a fine-tuned model: its adapter or weights and its job's checkpoints are removed from
 * storage and their bytes given back to the storage quota, the row is marked deleted (the name is
 * not reused), its job's results file is deleted, and the job keeps its record with an event
 * saying so.
 */
export async function deleteFineTunedModel(deps: { db: Db; store: ObjectStore }, orgId: string, name: string): Promise<FineTunedModel> {
  const model = await findFineTunedModel(deps.db, orgId, name);
  // Files first: if this fails half-way the model is still listed and deleting again finishes the job.
  await deps.store.deletePrefix(model.storagePrefix);
  // The job's results file (metrics CSV) goes with its model, as OpenAI deletes them together.
  const job = await deps.db.fineTuningJob.findFirst({ where: { id: model.jobId, organizationId: orgId }, select: { organizationId: true, resultFileId: true } });
  if (job) await deleteResultsFile(deps, job);
  // The job's checkpoints go too (their files answer 410 checkpoint_deleted from then on).
  const checkpoints = await deps.db.checkpoint.findMany({ where: { jobId: model.jobId, organizationId: orgId }, select: { id: true, storagePrefix: true } });
  for (const checkpoint of checkpoints) await deps.store.deletePrefix(checkpoint.storagePrefix);
  return deps.db.$transaction(async (tx) => {
    const marked = await tx.fineTunedModel.updateMany({ where: { id: model.id, ...live(orgId) }, data: { deletedAt: new Date() } });
    if (marked.count === 0) throw new ModelNotFoundError(name);
    // Bytes given back once: the model's, and the checkpoints' still counted (zeroed as they are given back).
    const [freed] = await tx.$queryRaw<{ bytes: bigint | null }[]>`
      WITH old AS (SELECT id, bytes FROM checkpoints WHERE "jobId" = ${model.jobId} AND "organizationId" = ${orgId} AND bytes > 0 FOR UPDATE),
      zeroed AS (UPDATE checkpoints c SET bytes = 0 FROM old WHERE c.id = old.id RETURNING old.bytes)
      SELECT sum(bytes)::bigint AS bytes FROM zeroed`;
    await releaseStorage(tx, orgId, model.bytes + (freed?.bytes ?? 0n));
    await recordJobEvent(tx, { id: model.jobId, organizationId: orgId }, { message: `The fine-tuned model ${name} was deleted`, data: { fine_tuned_model: name, deleted: true } });
    return tx.fineTunedModel.findUniqueOrThrow({ where: { id: model.id } });
  });
}
