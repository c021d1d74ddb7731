import type { PreferenceExample } from '../data/examples';
import type { DpoMetrics } from '../dpo/dpo-metrics';
import { dpoLossAtZeroMargin } from '../dpo/dpo-settings';
import { DpoTrainer } from '../dpo/dpo-trainer';
import { evalPromptsFromPreference } from '../evaluation/eval-prompts';
import type { DpoPoint } from '../evaluation/health/health-warning';
import { PAD_TO_MULTIPLE_OF } from '../loop/run-supervised-training';
import type { RunObjective } from '../loop/run-objective';
import { runTraining, type TrainingHooks, type TrainingOptions, type TrainingResult } from '../loop/run-training';
import { PreferenceBatchSource, preferenceBatchesInOrder } from './preference-batch-source';
import type { PreferenceHyperparameters } from './preference-hyperparameters';
import type { PreferenceRunPlan, PreferenceStepMetrics, PreferenceValidationMetrics } from './preference-metrics';
import { preparePreferenceData, type PreferenceDataReport } from './prepare-preference-data';

/** Options of a preference run; `weights` are also the DPO reference model; `hyperparameters` parsed with parsePreferenceHyperparameters. */
export type PreferenceTrainingOptions = TrainingOptions<PreferenceExample, PreferenceHyperparameters>;
export type PreferenceTrainingHooks = TrainingHooks<PreferenceRunPlan, PreferenceStepMetrics, PreferenceValidationMetrics>;
export type PreferenceTrainingResult = TrainingResult<PreferenceRunPlan, PreferenceStepMetrics, PreferenceValidationMetrics>;

/**
 * Preference tuning (DPO, IPO or hinge) as the one loop's objective: pairs tokenized as prompt + chosen
 * and prompt + rejected, served shuffled, the DPO loss against the frozen reference, metrics under
 * TRL's names. Before the first step the reference scores every sequence once, in dataset order, so
 * its numbers do not depend on where a run resumes.
 */
export const preferenceObjective: RunObjective<PreferenceExample, PreferenceHyperparameters, DpoMetrics, PreferenceStepMetrics, PreferenceValidationMetrics, PreferenceDataReport> = {
  loop: 'preference',
  prepare(tokenizer, train, validation, hp, padId) {
    const data = preparePreferenceData(tokenizer, train, validation, hp.maxLength);
    const source = new PreferenceBatchSource(data.train, {
      batchSize: hp.batchSize,
      gradientAccumulationSteps: hp.gradientAccumulationSteps,
      seed: hp.seed,
      shuffle: hp.shuffle,
      padId,
      padToMultipleOf: PAD_TO_MULTIPLE_OF,
    });
    const inOrder = (pairs: typeof data.train) => preferenceBatchesInOrder(pairs, hp.batchSize, padId, PAD_TO_MULTIPLE_OF);
    return {
      step: (position) => source.step(position),
      length: source.length({ epochs: hp.epochs, maxSteps: hp.maxSteps }),
      validationBatches: inOrder(data.validation),
      report: data.report,
      primeBatches: () => [...inOrder(data.train), ...inOrder(data.validation)],
    };
  },
  evalPrompts: evalPromptsFromPreference,
  rowsPerMicroBatch: (hp) => 2 * hp.batchSize,
  createTrainer: (options, hp) => DpoTrainer.create({ ...options, dpo: dpoSettingsOf(hp) }),
  lossAtZeroMargin: (hp) => dpoLossAtZeroMargin(dpoSettingsOf(hp)),
  stepMetrics: (result, progress) => ({
    step: progress.step,
    totalSteps: progress.totalSteps,
    epoch: progress.epoch,
    loss: result.loss,
    'rewards/chosen': result['rewards/chosen'],
    'rewards/rejected': result['rewards/rejected'],
    'rewards/accuracies': result['rewards/accuracies'],
    'rewards/margins': result['rewards/margins'],
    'logps/chosen': result['logps/chosen'],
    'logps/rejected': result['logps/rejected'],
    learning_rate: progress.learningRate,
    grad_norm: progress.gradNorm,
    'tokens/s': progress.tokensPerSecond,
    pairs: result.pairs,
    trainedTokens: progress.trainedTokens,
    elapsedSeconds: progress.elapsedSeconds,
    etaSeconds: progress.etaSeconds,
  }),
  healthPoint: (result): DpoPoint => ({
    step: result.step,
    loss: result.loss,
    gradNorm: result.gradNorm,
    'rewards/chosen': result['rewards/chosen'],
    'rewards/rejected': result['rewards/rejected'],
    'rewards/accuracies': result['rewards/accuracies'],
  }),
  validationMetrics: (step, { loss, ...metrics }) => ({ step, validLoss: loss, ...metrics }),
};

/** Preference tuning of a Llama model, LoRA or full: runTraining with the preference objective. */
export function runPreferenceTraining(options: PreferenceTrainingOptions, hooks: PreferenceTrainingHooks = {}): Promise<PreferenceTrainingResult> {
  return runTraining(preferenceObjective, options, hooks);
}

function dpoSettingsOf(hp: PreferenceHyperparameters) {
  return { beta: hp.beta, labelSmoothing: hp.labelSmoothing, lossType: hp.lossType };
}
