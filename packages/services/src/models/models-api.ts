import { PermissionError } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';
import { findUsableBaseModel, listUsableBaseModels, toBaseModelObject, type BaseModelObject } from './base-models';
import { jobLineage } from './model-lineage';
import { deleteFineTunedModel, findFineTunedModel, isFineTunedModelId, listFineTunedModels, toFineTunedModelObject, type FineTunedModelObject } from './fine-tuned-models';

export type ModelObject = BaseModelObject | FineTunedModelObject;

/** GET /v1/models: base models the tenant can see, then its own fine-tuned models. */
export async function listModels(db: Db, orgId: string, prices: Record<string, number>): Promise<ModelObject[]> {
  const [base, tuned] = await Promise.all([listUsableBaseModels(db, orgId), listFineTunedModels(db, orgId)]);
  const tunedObjects = await Promise.all(tuned.map(async (m) => toFineTunedModelObject(m, await jobLineage(db, orgId, m.jobId, m.baseModel.name))));
  return [...base.map((m) => toBaseModelObject(m, prices)), ...tunedObjects];
}

/** GET /v1/models/{id}: either kind; invisible or missing is 404 model_not_found. */
export async function retrieveModel(db: Db, orgId: string, id: string, prices: Record<string, number>): Promise<ModelObject> {
  if (isFineTunedModelId(id)) {
    const model = await findFineTunedModel(db, orgId, id);
    return toFineTunedModelObject(model, await jobLineage(db, orgId, model.jobId, model.baseModel.name));
  }
  return toBaseModelObject(await findUsableBaseModel(db, orgId, id, null), prices);
}

/** DELETE /v1/models/{id}: fine-tuned models only; base models are the operator's to remove. */
export async function deleteModel(deps: { db: Db; store: ObjectStore }, orgId: string, id: string) {
  if (isFineTunedModelId(id)) {
    const deleted = await deleteFineTunedModel(deps, orgId, id);
    return { id: deleted.name, object: 'model' as const, deleted: true as const };
  }
  const model = await findUsableBaseModel(deps.db, orgId, id, null);
  throw new PermissionError(`The model '${model.name}' is a base model; only fine-tuned models can be deleted through this API.`, 'model_not_deletable');
}
