import { NotFoundError, newId } from '@whetstone/common';
import type { BaseModel, Db, Prisma } from '@whetstone/db';

export interface ModelResources {
  /** Worker class (queue) that can train it, e.g. "default" (CPU) or "gpu-80gb". */
  worker_class: string;
  /** Rough memory needed to LoRA-train in float32 (weights + activations headroom). */
  min_memory_gb: number;
}

export interface BaseModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  architecture: string;
  parameter_count: number;
  context_length: number;
  resources: ModelResources;
  kind: 'base';
}

export function toBaseModelObject(model: BaseModel): BaseModelObject {
  return {
    id: model.name,
    object: 'model',
    created: Math.floor(model.createdAt.getTime() / 1000),
    owned_by: model.organizationId ?? 'whetstone',
    architecture: model.architecture,
    parameter_count: Number(model.parameterCount),
    context_length: model.contextLength,
    resources: model.resources as unknown as ModelResources,
    kind: 'base',
  };
}

/** A base model the tenant may use: public ones and its own. Others answer 404. */
export async function findUsableBaseModel(db: Db, orgId: string, name: string, param = 'model'): Promise<BaseModel> {
  const models = await db.baseModel.findMany({ where: { name, OR: [{ organizationId: null }, { organizationId: orgId }] } });
  // A tenant's own registration shadows a public model of the same name.
  const model = models.find((m) => m.organizationId === orgId) ?? models[0];
  if (!model) throw new NotFoundError('model', name, param);
  return model;
}

export async function findPublicBaseModel(db: Db, name: string): Promise<BaseModel | null> {
  return db.baseModel.findFirst({ where: { name, organizationId: null } });
}

export async function listUsableBaseModels(db: Db, orgId: string): Promise<BaseModel[]> {
  return db.baseModel.findMany({ where: { OR: [{ organizationId: null }, { organizationId: orgId }] }, orderBy: { name: 'asc' } });
}

export interface BaseModelFacts {
  name: string;
  organizationId: string | null;
  architecture: string;
  parameterCount: number;
  contextLength: number;
  storagePrefix: string;
  resources: ModelResources;
}

/** Creates or updates the catalogue row for a model folder already in object storage. */
export async function upsertBaseModel(db: Db, facts: BaseModelFacts): Promise<BaseModel> {
  const existing = await db.baseModel.findFirst({ where: { name: facts.name, organizationId: facts.organizationId } });
  const data = {
    architecture: facts.architecture,
    parameterCount: BigInt(facts.parameterCount),
    contextLength: facts.contextLength,
    storagePrefix: facts.storagePrefix,
    resources: facts.resources as unknown as Prisma.InputJsonValue,
  };
  if (existing) return db.baseModel.update({ where: { id: existing.id }, data });
  return db.baseModel.create({ data: { id: newId('baseModel'), name: facts.name, organizationId: facts.organizationId, ...data } });
}
