import type { Db, FineTuningJob } from '@whetstone/db';
import { modelFileEntries, recordJobEvent, templateRendersTools, type JobSpec } from '@whetstone/services';
import type { ObjectStore } from '@whetstone/storage';
import { loadTokenizer } from '@whetstone/tokenizer';
import { loadCheckpoint, loadModelFolder, type CheckpointState, type PreferenceExample, type SupervisedExample } from '@whetstone/trainer';
import type { CachedModel, ModelCache } from '../models/model-cache';
import { localDatasetPath } from './dataset-cache';
import type { EngineInput } from './engine-run';
import { preferenceExample, readExamples, readSplitExamples, supervisedExample, TrainingDataError, type ExampleParser } from './read-examples';
import { refuseToolUse } from './refuse-tool-use';
import { S3CheckpointStore } from './s3-checkpoint-store';
import { startingPoint } from './warm-start';

export interface RunInput extends EngineInput {
  modelDir: string;
  /** The cached model folder this run holds (released when the run ends). */
  model: CachedModel;
  resumedFromStep: number;
}

/**
 * Gathers a job's inputs on this machine: the base model folder (cached by content), the
 * datasets (cached by hash), the held-out split (seeded by the job), and the latest checkpoint
 * when the job already made progress (a resume after pause, a crash or a retry).
 */
export async function loadRunInput(
  deps: { db: Db; store: ObjectStore; models: ModelCache; cacheDir: string; runtime: EngineInput['runtime']; classMemoryGb: Record<string, number> },
  job: FineTuningJob,
): Promise<RunInput> {
  const spec = job.spec as unknown as JobSpec;
  const baseModel = await deps.db.baseModel.findUniqueOrThrow({ where: { id: job.baseModelId } });
  const model = await deps.models.acquire({ name: baseModel.name, storagePrefix: baseModel.storagePrefix, files: modelFileEntries(baseModel.files) });
  try {
    return await loadWithModel(deps, job, spec, baseModel.name, model);
  } catch (error) {
    model.release();
    throw error;
  }
}

async function loadWithModel(
  deps: { db: Db; store: ObjectStore; cacheDir: string; runtime: EngineInput['runtime']; classMemoryGb: Record<string, number> },
  job: FineTuningJob,
  spec: JobSpec,
  baseModelName: string,
  model: CachedModel,
): Promise<RunInput> {
  const modelDir = model.dir;
  const loadStarted = performance.now();
  const [folder, tokenizer] = await Promise.all([loadModelFolder(modelDir), loadTokenizer(modelDir)]);
  const loadMs = Math.round(performance.now() - loadStarted);
  const source = model.fromCache ? "from this node's cache" : `downloaded and verified (${model.bytes} bytes)`;
  await recordJobEvent(deps.db, job, {
    message: `Base model ${baseModelName} ${source} in ${Math.round(model.millis)} ms, loaded in ${loadMs} ms`,
    data: { model: baseModelName, from_cache: model.fromCache, fetch_ms: Math.round(model.millis), load_ms: loadMs, bytes: model.bytes },
  });

  const fileRow = async (id: string) => deps.db.file.findFirstOrThrow({ where: { id, organizationId: job.organizationId } });
  const trainingPath = await localDatasetPath(deps.store, deps.cacheDir, await fileRow(job.trainingFileId));
  // Streamed line by line (a 1 GiB file is never one string); only the parsed examples are kept.
  const train: Array<SupervisedExample | PreferenceExample> = [];
  const validation: Array<SupervisedExample | PreferenceExample> = [];
  const parseAny: ExampleParser<SupervisedExample | PreferenceExample> = spec.method === 'dpo' ? preferenceExample : supervisedExample;
  const parse = templateRendersTools(tokenizer) ? parseAny : refuseToolUse(parseAny, baseModelName);
  if (job.validationFileId) {
    train.push(...(await readExamples(trainingPath, job.trainingFileId, parse)));
    const validationPath = await localDatasetPath(deps.store, deps.cacheDir, await fileRow(job.validationFileId));
    validation.push(...(await readExamples(validationPath, job.validationFileId, parse)));
  } else if (spec.validation.fraction > 0) {
    const split = await readSplitExamples(trainingPath, job.trainingFileId, parse, { seed: job.seed, fraction: spec.validation.fraction });
    train.push(...split.train);
    validation.push(...split.validation);
  } else {
    train.push(...(await readExamples(trainingPath, job.trainingFileId, parse)));
  }
  if (train.length === 0) throw new TrainingDataError('The training file has no examples left to train on.');

  // A warm start trains from its parent's adapter or weights (the base weights for everyone else).
  const start = await startingPoint(deps, job, { config: folder.config, weights: folder.weights, name: baseModelName });
  if (job.parentModel) {
    const how = start.initialAdapter ? "the parent's LoRA adapter" : spec.training_type.type === 'full' ? "the parent's weights" : 'the base weights';
    await recordJobEvent(deps.db, job, { message: `Warm start: training continues from ${job.parentModel} (${how})`, data: { parent_model: job.parentModel } });
  }

  const latest = await deps.db.checkpoint.findFirst({ where: { jobId: job.id }, orderBy: { step: 'desc' } });
  let resumeFrom: CheckpointState | undefined;
  if (latest) resumeFrom = await loadCheckpoint(new S3CheckpointStore(deps.store, latest.storagePrefix));

  return {
    spec,
    seed: job.seed,
    baseModelName,
    config: folder.config,
    weights: start.weights,
    ...(start.initialAdapter ? { initialAdapter: start.initialAdapter } : {}),
    // A warm start's step 0 shows where the parent stands on this job's validation data.
    validateAtStart: Boolean(job.parentModel) && !resumeFrom,
    tokenizer,
    train: train as SupervisedExample[] | PreferenceExample[],
    validation: validation as SupervisedExample[] | PreferenceExample[],
    runtime: deps.runtime,
    ...(deps.classMemoryGb[job.workerClass] !== undefined ? { memoryBudgetBytes: deps.classMemoryGb[job.workerClass]! * 1e9 } : {}),
    resumeFrom,
    modelDir,
    model,
    resumedFromStep: latest?.step ?? 0,
  };
}
