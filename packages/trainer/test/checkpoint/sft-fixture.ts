import type { SupervisedTrainingOptions } from '../../src/loop/run-supervised-training';
import { parseSftHyperparameters, type SftHyperparametersInput } from '../../src/loop/sft-hyperparameters';
import { taskExample, taskWords } from '../learning/upper-case-task';
import { model, RUNTIME, tokenizer } from '../preference-loop/preference-fixture';

const words = taskWords(40, 21);

/** A supervised run on the upper-case task with the tiny model: 32 chat examples in micro-batches of 8, 2 per step: 2 steps an epoch. */
export function sftOptions(hp: SftHyperparametersInput = {}, extra: Partial<SupervisedTrainingOptions> = {}): SupervisedTrainingOptions {
  return {
    config: model.config,
    weights: model.weights,
    tokenizer,
    trainExamples: words.slice(0, 32).map(taskExample),
    validationExamples: words.slice(32).map(taskExample),
    hyperparameters: parseSftHyperparameters({ batchSize: 8, gradientAccumulationSteps: 2, learningRate: 1e-2, seed: 3, ...hp }),
    runtime: RUNTIME,
    ...extra,
  };
}

/** The SFT resume run: LoRA with dropout 0.2, weight decay, cosine schedule with warmup, 6 steps over 3 epochs, validation every 2. */
export function sftResumeOptions(extra: Partial<SupervisedTrainingOptions> = {}): SupervisedTrainingOptions {
  return sftOptions(
    { epochs: 3, lora: { r: 4, alpha: 8, dropout: 0.2 }, weightDecay: 0.01, schedule: 'cosine', warmupSteps: 1, evalEvery: 2 },
    { checkpointEvery: 3, checkpointSelection: 'best', earlyStopping: { patience: 10, minDelta: 0 }, ...extra },
  );
}
