import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, FineTuningJob } from '@whetstone/db';
import type { JobSpec } from '@whetstone/services';
import type { ObjectStore } from '@whetstone/storage';
import {
  loadCheckpoint,
  loadLoraAdapter,
  loadModelFolder,
  mergeLoraIntoWeights,
  resolveTargetModules,
  trainedModelFrom,
  type HostTensor,
  type LlamaConfig,
  type LoraAdapter,
  type TrainedModel,
} from '@whetstone/trainer';
import { S3CheckpointStore } from './s3-checkpoint-store';

/** The parent of a warm start is gone (its model deleted, its checkpoint files removed): the job cannot run. */
export class ParentModelGoneError extends Error {}

/** What a run starts from: the weights it trains on (or over), and for LoRA the adapter it continues. */
export interface StartingPoint {
  weights: ReadonlyMap<string, HostTensor>;
  initialAdapter?: LoraAdapter;
}

/**
 * A warm-started job's starting point, from its parent (a fine-tuned model or one checkpoint):
 * LoRA → LoRA continues the parent's adapter over the base weights; full → full trains on from the
 * parent's weights; LoRA → full starts from the base weights with the adapter merged in. (The API
 * refuses full → LoRA.) A job without a parent starts from the base weights.
 */
export async function startingPoint(
  deps: { db: Db; store: ObjectStore },
  job: FineTuningJob,
  base: { config: LlamaConfig; weights: ReadonlyMap<string, HostTensor>; name: string },
): Promise<StartingPoint> {
  if (!job.parentModel) return { weights: base.weights };
  const parent = job.parentJobId ? await deps.db.fineTuningJob.findFirst({ where: { id: job.parentJobId, organizationId: job.organizationId } }) : null;
  if (!parent) throw new ParentModelGoneError(`The fine-tuning job of ${job.parentModel} no longer exists.`);
  const parentModel = await parentTrainedModel(deps, job, parent, base);
  const spec = job.spec as unknown as JobSpec;
  if (parentModel.kind === 'full') return { weights: parentModel.weights };
  if (spec.training_type.type === 'full') return { weights: mergeLoraIntoWeights(base.weights, parentModel.adapter) };
  return { weights: base.weights, initialAdapter: parentModel.adapter };
}

async function parentTrainedModel(
  deps: { db: Db; store: ObjectStore },
  job: FineTuningJob,
  parent: FineTuningJob,
  base: { config: LlamaConfig; weights: ReadonlyMap<string, HostTensor>; name: string },
): Promise<TrainedModel> {
  const parentType = (parent.spec as unknown as JobSpec).training_type;
  if (job.parentCheckpointStep !== null) {
    const row = await deps.db.checkpoint.findFirst({ where: { jobId: parent.id, organizationId: job.organizationId, step: job.parentCheckpointStep } });
    if (!row) throw new ParentModelGoneError(`The checkpoint ${job.parentModel} no longer exists.`);
    const state = await loadCheckpoint(new S3CheckpointStore(deps.store, row.storagePrefix)).catch((error: unknown) => {
      throw new ParentModelGoneError(`The files of checkpoint ${job.parentModel} cannot be read (${(error as Error).message}).`);
    });
    const modelBase =
      parentType.type === 'lora'
        ? {
            kind: 'lora' as const,
            adapterConfig: {
              r: parentType.r,
              lora_alpha: parentType.alpha,
              lora_dropout: parentType.dropout,
              target_modules: resolveTargetModules(parentType.target_modules),
              base_model_name_or_path: base.name,
              use_rslora: false,
            },
          }
        : { kind: 'full' as const, config: base.config, weights: base.weights };
    return trainedModelFrom(modelBase, state.trainer.trainable);
  }
  const model = await deps.db.fineTunedModel.findFirst({ where: { jobId: parent.id, organizationId: job.organizationId, deletedAt: null } });
  if (!model) throw new ParentModelGoneError(`The fine-tuned model ${job.parentModel} was deleted.`);
  const dir = mkdtempSync(join(tmpdir(), 'whetstone-parent-'));
  try {
    const objects = await deps.store.list(model.storagePrefix);
    for (const object of objects) {
      const name = object.key.slice(model.storagePrefix.length);
      if (name === '' || name.includes('/')) continue;
      const stream = await deps.store.getStream(object.key);
      if (!stream) throw new ParentModelGoneError(`A file of ${job.parentModel} (${name}) is missing.`);
      await pipeline(stream, createWriteStream(join(dir, name)));
    }
    if (model.kind === 'lora_adapter') return { kind: 'lora', adapter: await loadLoraAdapter(dir) };
    const folder = await loadModelFolder(dir);
    return { kind: 'full', config: folder.config, weights: folder.weights };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
