export type {
  ChatExample,
  PromptCompletionExample,
  SupervisedExample,
  ChatPreferenceExample,
  TextPreferenceExample,
  PreferenceExample,
  TokenizedExample,
} from './examples';
export { isChatExample, isChatPreference } from './examples';
export {
  tokenizeSupervisedExample,
  truncateExample,
  hasTrainedTokens,
  prepareSupervisedDataset,
  type TokenizeSupervisedOptions,
  type TokenizedSupervisedExample,
  type PreparedSupervisedDataset,
} from './tokenize-supervised';
export { collateBatch, IGNORE_INDEX, type Batch, type BatchRow, type CollateOptions } from './batch';
export { packExamples } from './pack';
export { epochPermutation } from './epoch-order';
export { epochBatches, epochRows, batchesPerEpoch, type EpochBatchOptions } from './epoch-batches';
export { tokenizePreferenceExample, type TokenizedPreferencePair } from './tokenize-preference';
export { collatePreferenceBatch } from './preference-batch';
export { mulberry32, deriveSeed, fillNormal } from './seeded-random';
