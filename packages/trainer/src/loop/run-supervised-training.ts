import { collateBatch, type Batch } from '../data/batch';
import type { SupervisedExample, TokenizedExample } from '../data/examples';
import { evalPromptsFromSupervised } from '../evaluation/eval-prompts';
import { LlamaTrainer } from '../train/llama-trainer';
import type { SftMetrics } from '../train/sft-objective';
import { BatchSource } from './batch-source';
import { prepareSftData, type SftDataReport } from './prepare-sft-data';
import type { RunObjective } from './run-objective';
import { runTraining, type TrainingHooks, type TrainingOptions, type TrainingResult } from './run-training';
import type { SftHyperparameters } from './sft-hyperparameters';
import type { SftRunPlan, SftStepMetrics, SftValidationMetrics } from './sft-metrics';
import { trainingLength } from './training-length';

/** Micro-batches are padded to a multiple of 8 tokens: few distinct shapes, little wasted compute. */
export const PAD_TO_MULTIPLE_OF = 8;

/** Options of a supervised run; `hyperparameters` parsed with parseSftHyperparameters. */
export type SupervisedTrainingOptions = TrainingOptions<SupervisedExample, SftHyperparameters>;
export type SupervisedTrainingHooks = TrainingHooks<SftRunPlan, SftStepMetrics, SftValidationMetrics>;
export type SupervisedTrainingResult = TrainingResult<SftRunPlan, SftStepMetrics, SftValidationMetrics>;

/**
 * Supervised fine-tuning as the one loop's objective: chat or prompt/completion examples tokenized with
 * the model's chat template, served shuffled (optionally packed), the weighted token cross-entropy.
 */
export const supervisedObjective: RunObjective<SupervisedExample, SftHyperparameters, SftMetrics, SftStepMetrics, SftValidationMetrics, SftDataReport> = {
  loop: 'sft',
  prepare(tokenizer, train, validation, hp, padId) {
    const data = prepareSftData(tokenizer, train, validation, hp.maxLength);
    const source = new BatchSource(data.train, {
      batchSize: hp.batchSize,
      gradientAccumulationSteps: hp.gradientAccumulationSteps,
      seed: hp.seed,
      shuffle: hp.shuffle,
      packToLength: hp.packing ? hp.maxLength : undefined,
      padId,
      padToMultipleOf: PAD_TO_MULTIPLE_OF,
    });
    return {
      step: (position) => source.step(position),
      length: trainingLength(source, { epochs: hp.epochs, maxSteps: hp.maxSteps }),
      validationBatches: batchesInOrder(data.validation, hp.batchSize, padId),
      report: data.report,
    };
  },
  evalPrompts: evalPromptsFromSupervised,
  rowsPerMicroBatch: (hp) => hp.batchSize,
  createTrainer: (options) => LlamaTrainer.create(options),
  stepMetrics: (result, progress) => ({ ...progress, loss: result.loss, meanTokenAccuracy: result.meanTokenAccuracy }),
  healthPoint: (result) => ({ step: result.step, loss: result.loss, gradNorm: result.gradNorm }),
  validationMetrics: (step, m) => ({ step, validLoss: m.loss, validMeanTokenAccuracy: m.meanTokenAccuracy }),
};

/** Supervised fine-tuning of a Llama model: runTraining with the supervised objective. */
export function runSupervisedTraining(options: SupervisedTrainingOptions, hooks: SupervisedTrainingHooks = {}): Promise<SupervisedTrainingResult> {
  return runTraining(supervisedObjective, options, hooks);
}

/** Validation batches: the examples in their given order, batchSize rows each. */
function batchesInOrder(examples: readonly TokenizedExample[], batchSize: number, padId: number): Batch[] {
  const batches: Batch[] = [];
  for (let k = 0; k < examples.length; k += batchSize) {
    batches.push(collateBatch(examples.slice(k, k + batchSize).map((e) => [e]), { padId, padToMultipleOf: PAD_TO_MULTIPLE_OF }));
  }
  return batches;
}
