import type { LoadedTokenizer } from '@whetstone/tokenizer';
import type { PreferenceExample } from '../data/examples';
import { tokenizePreferenceExample, type TokenizedPreferencePair } from '../data/tokenize-preference';
import { hasTrainedTokens, truncateExample } from '../data/tokenize-supervised';

export interface PreferenceDataReport {
  examples: number;
  /** Pairs with a completion cut to maxLength. */
  truncated: number;
  /** Pairs left out because their prompt alone reaches maxLength. */
  dropped: number;
}

export interface PreferenceData {
  train: TokenizedPreferencePair[];
  validation: TokenizedPreferencePair[];
  report: { train: PreferenceDataReport; validation: PreferenceDataReport };
}

/**
 * Tokenizes preference pairs (OpenAI `{input, preferred_output, non_preferred_output}` or TRL
 * `{prompt, chosen, rejected}`): prompt + chosen and prompt + rejected, loss weight on the completions,
 * each sequence cut to maxLength. A pair whose prompt leaves no completion token is left out; an
 * example that cannot be tokenized fails with its index; an empty training set is an error.
 */
export function preparePreferenceData(
  tokenizer: LoadedTokenizer,
  train: readonly PreferenceExample[],
  validation: readonly PreferenceExample[],
  maxLength: number,
): PreferenceData {
  const trainSet = prepare(tokenizer, train, maxLength, 'training');
  const validationSet = prepare(tokenizer, validation, maxLength, 'validation');
  if (trainSet.pairs.length === 0) {
    throw new Error(train.length === 0 ? 'the training set is empty' : `none of the ${train.length} training pairs has a completion token within maxLength ${maxLength}`);
  }
  return {
    train: trainSet.pairs,
    validation: validationSet.pairs,
    report: { train: trainSet.report, validation: validationSet.report },
  };
}

function prepare(tokenizer: LoadedTokenizer, examples: readonly PreferenceExample[], maxLength: number, name: string) {
  const pairs: TokenizedPreferencePair[] = [];
  let truncated = 0;
  examples.forEach((example, index) => {
    let pair: TokenizedPreferencePair;
    try {
      pair = tokenizePreferenceExample(tokenizer, example)!;
    } catch (error) {
      throw new Error(`${name} data: example ${index}: ${(error as Error).message}`, { cause: error });
    }
    const chosen = truncateExample(pair.chosen, maxLength);
    const rejected = truncateExample(pair.rejected, maxLength);
    if (pair.promptLength >= maxLength || !hasTrainedTokens(chosen) || !hasTrainedTokens(rejected)) return;
    if (chosen.truncated || rejected.truncated) truncated++;
    pairs.push({
      chosen: { inputIds: chosen.inputIds, weights: chosen.weights },
      rejected: { inputIds: rejected.inputIds, weights: rejected.weights },
      promptLength: pair.promptLength,
    });
  });
  return { pairs, report: { examples: pairs.length, truncated, dropped: examples.length - pairs.length } };
}
