import { ConflictError, NotFoundError, ValidationError } from '@whetstone/common';
import type { BaseModel, Db } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';
import { ModelNotFoundError } from './model-errors';
import type { TrainingShape } from './training-shape';

export interface ModelResources {
  /** Worker class (queue) that can train it, e.g. "default" (CPU) or "gpu-80gb". */
  worker_class: string;
  /** Memory (GB) of the model's smallest LoRA job by the engine's memory model (float32, recomputation on). */
  min_memory_gb: number;
  /** The config fields job creation predicts memory from (absent on entries imported before it was recorded). */
  training_shape?: TrainingShape;
}

/** What clients see of the resources: the worker class and the memory floor (the shape stays internal). */
export function publicResources(resources: unknown): { worker_class: string; min_memory_gb: number } {
  const r = resources as Partial<ModelResources>;
  return { worker_class: r.worker_class ?? 'default', min_memory_gb: r.min_memory_gb ?? 0 };
}

/** What the engine trains on every architecture it accepts (full DPO is refused above 2B parameters). */
export const SUPPORTED_METHODS = ['lora', 'full', 'dpo'] as const;

export interface BaseModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  kind: 'base';
  display_name: string | null;
  visibility: 'public' | 'private';
  architecture: string;
  parameter_count: number;
  context_length: number;
  supported_methods: string[];
  training_price_per_1m_tokens: number | null;
  license: string | null;
  deprecated: boolean;
  replaced_by: string | null;
  resources: { worker_class: string; min_memory_gb: number };
}

/** The OpenAI model object plus the catalogue's facts. `prices`: USD per 1M trained tokens by model name. */
export function toBaseModelObject(model: BaseModel, prices: Record<string, number> = {}): BaseModelObject {
  return {
    id: model.name,
    object: 'model',
    created: Math.floor(model.createdAt.getTime() / 1000),
    owned_by: model.organizationId ?? 'whetstone',
    kind: 'base',
    display_name: model.displayName,
    visibility: model.organizationId ? 'private' : 'public',
    architecture: model.architecture,
    parameter_count: Number(model.parameterCount),
    context_length: model.contextLength,
    supported_methods: [...SUPPORTED_METHODS],
    training_price_per_1m_tokens: prices[model.name] ?? null,
    license: model.license,
    deprecated: model.deprecatedAt !== null,
    replaced_by: model.replacedBy,
    resources: publicResources(model.resources),
  };
}

const visibleTo = (orgId: string) => ({ OR: [{ organizationId: null }, { organizationId: orgId }] });

/** A base model visible to the tenant (public or its own), or null. Its own private model shadows a public one of the same name. */
export async function findVisibleBaseModel(db: Db, orgId: string, name: string): Promise<BaseModel | null> {
  const models = await db.baseModel.findMany({ where: { name, ...visibleTo(orgId) } });
  return models.find((m) => m.organizationId === orgId) ?? models[0] ?? null;
}

/** A base model the tenant may see; anything else (missing, another tenant's private model) is 404 model_not_found. */
export async function findUsableBaseModel(db: Db, orgId: string, name: string, param: string | null = 'model'): Promise<BaseModel> {
  const model = await findVisibleBaseModel(db, orgId, name);
  if (!model) throw new ModelNotFoundError(name, param);
  return model;
}

/** Refuses a deprecated model for new work, naming its replacement. */
export function assertNotDeprecated(model: BaseModel, param = 'model'): void {
  if (!model.deprecatedAt) return;
  const instead = model.replacedBy ? ` Use '${model.replacedBy}' instead.` : '';
  throw new ValidationError(`The model '${model.name}' is deprecated and no longer accepts new fine-tuning jobs.${instead}`, param, 'model_deprecated');
}

export async function findPublicBaseModel(db: Db, name: string): Promise<BaseModel | null> {
  return db.baseModel.findFirst({ where: { name, organizationId: null } });
}

export async function listUsableBaseModels(db: Db, orgId: string): Promise<BaseModel[]> {
  const models = await db.baseModel.findMany({ where: visibleTo(orgId), orderBy: [{ name: 'asc' }, { createdAt: 'asc' }] });
  // Same shadowing as findVisibleBaseModel: one entry per name.
  const own = new Set(models.filter((m) => m.organizationId === orgId).map((m) => m.name));
  return models.filter((m) => m.organizationId === orgId || !own.has(m.name));
}

// ---- Operator actions (admin API and CLI): every model, by its row id ----

export async function getBaseModel(db: Db, id: string): Promise<BaseModel> {
  const model = await db.baseModel.findUnique({ where: { id } });
  if (!model) throw new NotFoundError('model', id, 'model_id');
  return model;
}

export async function listBaseModels(db: Db, filter: { organizationId?: string | null } = {}): Promise<BaseModel[]> {
  return db.baseModel.findMany({
    where: filter.organizationId === undefined ? {} : { organizationId: filter.organizationId },
    orderBy: [{ name: 'asc' }, { createdAt: 'asc' }],
  });
}

/**
 * Deprecates a model: new jobs naming it are refused (naming the replacement, which must be a
 * model the same tenants can see); queued and running jobs are untouched and finish.
 */
export async function deprecateBaseModel(db: Db, id: string, replacedBy: string | null): Promise<BaseModel> {
  const model = await getBaseModel(db, id);
  if (replacedBy !== null) {
    if (replacedBy === model.name) throw new ValidationError('A model cannot be replaced by itself.', 'replaced_by');
    const owners = model.organizationId ? [{ organizationId: null }, { organizationId: model.organizationId }] : [{ organizationId: null }];
    const replacement = await db.baseModel.findFirst({ where: { name: replacedBy, OR: owners } });
    if (!replacement) throw new ValidationError(`No model named '${replacedBy}' is visible to the tenants of '${model.name}'.`, 'replaced_by', 'model_not_found');
  }
  return db.baseModel.update({ where: { id }, data: { deprecatedAt: model.deprecatedAt ?? new Date(), replacedBy } });
}

export async function undeprecateBaseModel(db: Db, id: string): Promise<BaseModel> {
  await getBaseModel(db, id);
  return db.baseModel.update({ where: { id }, data: { deprecatedAt: null, replacedBy: null } });
}

/**
 * Deletes a model no job references (jobs keep their history, so a referenced model can only be
 * deprecated), then its stored files unless another catalogue entry holds the same content.
 */
export async function deleteBaseModel(deps: { db: Db; store: ObjectStore }, id: string): Promise<BaseModel> {
  const model = await getBaseModel(deps.db, id);
  const deleted = await deps.db.$transaction(async (tx) => {
    const jobs = await tx.fineTuningJob.count({ where: { baseModelId: id } });
    if (jobs > 0) {
      throw new ConflictError(`${jobs} fine-tuning job${jobs === 1 ? '' : 's'} reference '${model.name}'; deprecate it instead.`, 'model_in_use', 'model_id');
    }
    return tx.baseModel.delete({ where: { id } });
  });
  if ((await deps.db.baseModel.count({ where: { storagePrefix: deleted.storagePrefix } })) === 0) await deps.store.deletePrefix(deleted.storagePrefix);
  return deleted;
}
