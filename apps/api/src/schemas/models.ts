import { z } from 'zod';
import { errorBodySchema } from './common';

const resources = z.object({ worker_class: z.string(), min_memory_gb: z.number() });

export const baseModelObject = z
  .object({
    id: z.string(),
    object: z.literal('model'),
    created: z.number().int(),
    owned_by: z.string().describe('"whetstone" for public models, else the organization the model is private to'),
    kind: z.literal('base'),
    display_name: z.string().nullable(),
    visibility: z.enum(['public', 'private']),
    architecture: z.string(),
    parameter_count: z.number().int(),
    context_length: z.number().int(),
    supported_methods: z.array(z.string()).describe('lora, full, dpo'),
    training_price_per_1m_tokens: z.number().nullable().describe('USD per 1M trained tokens (PRICE_TABLE); null when not configured'),
    license: z.string().nullable(),
    deprecated: z.boolean().describe('deprecated models refuse new jobs (400 model_deprecated); existing jobs finish'),
    replaced_by: z.string().nullable(),
    resources,
  })
  .meta({ id: 'BaseModel' });

export const fineTunedModelObject = z
  .object({
    id: z.string().describe('ft:<base>:<org>:<suffix>:<job id>'),
    object: z.literal('model'),
    created: z.number().int(),
    owned_by: z.string(),
    kind: z.literal('fine_tuned'),
    parent: z.string().describe('the base model it was trained from'),
    fine_tuning_job: z.string(),
    artifact: z.string().describe('lora_adapter or full_weights'),
    parent_model: z.string().nullable().describe('the fine-tuned model or checkpoint its job continued from (warm start); null when trained from the base model'),
    lineage: z.array(z.string()).describe('what it descends from, oldest first: the base model, then each warm start parent'),
  })
  .meta({ id: 'FineTunedModel' });

export const modelObject = z.union([baseModelObject, fineTunedModelObject]).meta({ id: 'Model' });

export const deletedModelObject = z.object({ id: z.string(), object: z.literal('model'), deleted: z.literal(true) }).meta({ id: 'DeletedModel' });

export const catalogueModelObject = z
  .object({
    id: z.string().describe('catalogue row id (model-...), used by the admin routes'),
    object: z.literal('catalogue.model'),
    name: z.string(),
    organization_id: z.string().nullable().describe('null: public'),
    display_name: z.string().nullable(),
    license: z.string().nullable(),
    architecture: z.string(),
    parameter_count: z.number().int(),
    context_length: z.number().int(),
    storage_prefix: z.string(),
    content_digest: z.string().nullable(),
    files: z.array(z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string() })),
    total_bytes: z.number().int(),
    resources,
    deprecated_at: z.number().int().nullable(),
    replaced_by: z.string().nullable(),
    created_at: z.number().int(),
  })
  .meta({ id: 'CatalogueModel' });

/** 400 for a folder that cannot be imported: every problem, each naming the file, field or tensor, and the reason. */
export const importRefusalBody = z
  .object({
    error: errorBodySchema.shape.error.extend({
      problems: z.array(z.object({ file: z.string(), field: z.string().nullable(), reason: z.string() })).optional(),
    }),
  })
  .meta({ id: 'ModelImportRefusal' });
