import { LoadedTokenizer } from '@whetstone/tokenizer';
import type { TextPreferenceExample } from '../../src/data/examples';
import { buildTinyModel } from '../../src/io/tiny-model';
import { parsePreferenceHyperparameters, type PreferenceHyperparametersInput } from '../../src/preference-loop/preference-hyperparameters';
import type { PreferenceTrainingOptions } from '../../src/preference-loop/run-preference-training';
import { bracketPreferencePairs } from '../dpo/preference-task';

/** ORT settings of every test run: one thread, so results are bit-for-bit reproducible across processes. */
export const RUNTIME = { intraOpNumThreads: 1, interOpNumThreads: 1 };

/** The tiny model of the preference-loop tests (1 layer, hidden 32); init std 0.1 so LoRA alone can move greedy outputs. */
export const model = buildTinyModel({ seed: 3, initStd: 0.1, hiddenSize: 32, intermediateSize: 64, numLayers: 1, numHeads: 2, numKvHeads: 1 });
export const tokenizer = new LoadedTokenizer({ tokenizerJson: model.tokenizer.tokenizerJson, tokenizerConfig: model.tokenizer.tokenizerConfig });

/** The bracket-format task (test/dpo/preference-task.ts): 16 training pairs, 8 held-out pairs with other words. */
export const pairs = bracketPreferencePairs();

/** The held-out pairs with chosen and rejected swapped: training on `pairs.train` makes their loss rise. */
export const reversedHeldOut: TextPreferenceExample[] = pairs.heldOut.map((p) => ({ prompt: p.prompt, chosen: p.rejected, rejected: p.chosen }));

/** Options of a LoRA preference run on the task; 16 pairs in micro-batches of 4, 2 per step: 2 steps an epoch. */
export function preferenceOptions(hp: PreferenceHyperparametersInput = {}, extra: Partial<PreferenceTrainingOptions> = {}): PreferenceTrainingOptions {
  return {
    config: model.config,
    weights: model.weights,
    tokenizer,
    trainExamples: pairs.train,
    validationExamples: pairs.heldOut,
    hyperparameters: parsePreferenceHyperparameters({
      lora: { r: 8, alpha: 16, dropout: 0 },
      learningRate: 1e-2,
      schedule: 'constant',
      batchSize: 4,
      gradientAccumulationSteps: 2,
      seed: 1,
      beta: 0.1,
      ...hp,
    }),
    runtime: RUNTIME,
    ...extra,
  };
}

/**
 * The run of the resume tests: LoRA with dropout 0.1, weight decay, cosine schedule with warmup,
 * 6 steps over 3 epochs, validation every 2 steps, best-checkpoint tracking.
 */
export function resumeRunOptions(extra: Partial<PreferenceTrainingOptions> = {}): PreferenceTrainingOptions {
  return preferenceOptions(
    { lora: { r: 8, alpha: 16, dropout: 0.1 }, weightDecay: 0.01, schedule: 'cosine', warmupSteps: 1, maxSteps: 6, evalEvery: 2 },
    { checkpointEvery: 3, checkpointSelection: 'best', ...extra },
  );
}
