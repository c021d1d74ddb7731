import type { LoadedTokenizer } from '@whetstone/tokenizer';
import type { SupervisedExample, TokenizedExample } from '../data/examples';
import { prepareSupervisedDataset } from '../data/tokenize-supervised';

export interface SftDataReport {
  examples: number;
  /** Examples cut to maxLength. */
  truncated: number;
  /** Examples left out because no trained (assistant/completion) token survived truncation. */
  dropped: number;
}

export interface SftData {
  train: TokenizedExample[];
  validation: TokenizedExample[];
  report: { train: SftDataReport; validation: SftDataReport };
}

/**
 * Tokenizes the training and validation examples with the model's chat template (loss on assistant
 * messages; on the completion for prompt/completion examples), cut to maxLength. A training set left
 * with no usable example is an error; its message says why.
 */
export function prepareSftData(
  tokenizer: LoadedTokenizer,
  train: readonly SupervisedExample[],
  validation: readonly SupervisedExample[],
  maxLength: number,
): SftData {
  const part = (examples: readonly SupervisedExample[], name: string) => {
    try {
      return prepareSupervisedDataset(tokenizer, examples, { maxLength });
    } catch (error) {
      throw new Error(`${name} data: ${(error as Error).message}`, { cause: error });
    }
  };
  const trainSet = part(train, 'training');
  const validationSet = part(validation, 'validation');
  if (trainSet.examples.length === 0) {
    throw new Error(
      train.length === 0
        ? 'the training set is empty'
        : `none of the ${train.length} training examples has a trained token within maxLength ${maxLength}`,
    );
  }
  const report = (set: typeof trainSet, total: number): SftDataReport => ({ examples: set.examples.length, truncated: set.truncatedCount, dropped: total - set.examples.length });
  return {
    train: trainSet.examples,
    validation: validationSet.examples,
    report: { train: report(trainSet, train.length), validation: report(validationSet, validation.length) },
  };
}
