import { ValidationError } from '@whetstone/common';
import { predictTrainingMemory, type LlamaConfig } from '@whetstone/trainer';
import type { TrainingType } from './create-job-request';

/** What a job's memory depends on: the model's shape, the method and the largest micro-batch. */
export interface JobMemoryShape {
  config: LlamaConfig;
  trainingType: TrainingType;
  method: 'supervised' | 'dpo';
  /** Rows per micro-batch (DPO: pairs; each pair is two sequences). */
  batchSize: number;
  /** The longest row (max_seq_length). */
  seq: number;
  gradientAccumulationSteps: number;
}

export interface JobMemoryPlan {
  workerClass: string;
  /** Predicted peak bytes on that class (with recomputation when the class needs it). */
  predictedBytes: number;
  recompute: boolean;
}

const gb = (bytes: number) => (bytes / 1e9).toFixed(1);

/** Predicted peak bytes of a job's training process, with or without per-layer recomputation. */
export function predictJobMemory(shape: JobMemoryShape, recompute: boolean): number {
  const type = shape.trainingType;
  return predictTrainingMemory({
    config: shape.config,
    // The worker trains a full SFT job's weights in place (the model held once); full DPO keeps the base as its reference.
    method: type.type === 'full' ? { kind: 'full', inPlace: shape.method !== 'dpo' } : { kind: 'lora', r: type.r, targetModules: type.target_modules },
    objective: shape.method === 'dpo' ? 'dpo' : 'sft',
    rows: shape.method === 'dpo' ? 2 * shape.batchSize : shape.batchSize,
    seq: shape.seq,
    recompute,
    microBatches: shape.gradientAccumulationSteps,
  }).total;
}

/** The largest micro-batch ≤ `want` whose step fits `budgetBytes` (recomputation allowed); at least 1. */
export function largestFittingBatch(shape: Omit<JobMemoryShape, 'batchSize'>, want: number, budgetBytes: number): number {
  for (let batch = want; batch > 1; batch--) if (predictJobMemory({ ...shape, batchSize: batch }, true) <= budgetBytes) return batch;
  return 1;
}

/**
 * The worker class a job trains on: the model's own class when the job fits it (recomputing activations
 * if it must), else the smallest class that holds it. A job no class can hold is refused with what it
 * needs and what would make it fit. A class missing from the table is the operator's explicit choice
 * of hardware the table does not describe: the job goes there unchecked.
 */
export function planJobMemory(shape: JobMemoryShape, classMemoryGb: Record<string, number>, modelClass: string): JobMemoryPlan {
  const plain = predictJobMemory(shape, false);
  const recomputed = predictJobMemory(shape, true);
  const fits = (gbOfClass: number): JobMemoryPlan['recompute'] | undefined =>
    plain <= gbOfClass * 1e9 ? false : recomputed <= gbOfClass * 1e9 ? true : undefined;
  const own = classMemoryGb[modelClass];
  if (own === undefined) return { workerClass: modelClass, predictedBytes: plain, recompute: false };
  const candidates = [[modelClass, own] as const, ...Object.entries(classMemoryGb).filter(([c, g]) => c !== modelClass && g > own).sort((a, b) => a[1] - b[1])];
  for (const [workerClass, memory] of candidates) {
    const recompute = fits(memory);
    if (recompute !== undefined) return { workerClass, predictedBytes: recompute ? recomputed : plain, recompute };
  }
  throw tooLarge(shape, recomputed, candidates[candidates.length - 1]!);
}

function tooLarge(shape: JobMemoryShape, needed: number, [largestClass, largestGb]: readonly [string, number]): ValidationError {
  const budget = largestGb * 1e9;
  const what = `${shape.trainingType.type === 'full' ? 'full fine-tuning' : 'LoRA'}${shape.method === 'dpo' ? ' DPO' : ''}, batch_size ${shape.batchSize} × max_seq_length ${shape.seq}`;
  const fixes: string[] = [];
  const batch = largestFittingBatch(shape, shape.batchSize, budget);
  if (batch < shape.batchSize && predictJobMemory({ ...shape, batchSize: batch }, true) <= budget) {
    fixes.push(`a batch_size of ${batch} fits (gradient_accumulation_steps keeps the effective batch)`);
  }
  let seq = shape.seq;
  while (seq > 64 && predictJobMemory({ ...shape, batchSize: 1, seq }, true) > budget) seq = Math.floor(seq / 2);
  if (seq < shape.seq && predictJobMemory({ ...shape, batchSize: 1, seq }, true) <= budget) fixes.push(`max_seq_length ${seq} fits at batch_size 1`);
  if (shape.trainingType.type === 'full') {
    const lora = predictJobMemory({ ...shape, trainingType: { type: 'lora', r: 8, alpha: 16, dropout: 0.05, target_modules: 'all-linear' } }, true);
    fixes.push(`LoRA instead of full fine-tuning (training_type {"type":"lora"}) needs about ${gb(lora)} GB${lora <= budget ? ' and fits' : ''}`);
  }
  return new ValidationError(
    `This job needs about ${gb(needed)} GB of memory to train (${what}, with activation recomputation), more than the largest worker class ` +
      `('${largestClass}', ${largestGb} GB) has.${fixes.length > 0 ? ` To fit: ${fixes.join('; ')}.` : ' Use a smaller model.'}`,
    shape.trainingType.type === 'full' ? 'training_type' : 'hyperparameters.batch_size',
    'insufficient_memory',
  );
}
