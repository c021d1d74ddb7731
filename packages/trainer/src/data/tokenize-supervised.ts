import { tokenizeChat, tokenizePromptCompletion, type LoadedTokenizer } from '@whetstone/tokenizer';
import { isChatExample, type SupervisedExample, type TokenizedExample } from './examples';

export interface TokenizeSupervisedOptions {
  /** Keep at most this many tokens (the start of the example; the rest is cut). */
  maxLength?: number;
}

/** A tokenized example plus whether truncation cut it. */
export interface TokenizedSupervisedExample extends TokenizedExample {
  truncated: boolean;
}

/** Tokenizes a chat or prompt/completion example with per-token loss weights, truncated to maxLength. */
export function tokenizeSupervisedExample(
  tokenizer: LoadedTokenizer,
  example: SupervisedExample,
  options: TokenizeSupervisedOptions = {},
): TokenizedSupervisedExample {
  const { inputIds, weights } = isChatExample(example)
    ? tokenizeChat(tokenizer, example.messages, { tools: example.tools })
    : tokenizePromptCompletion(tokenizer, example);
  return truncateExample({ inputIds, weights }, options.maxLength);
}

export function truncateExample(example: TokenizedExample, maxLength?: number): TokenizedSupervisedExample {
  if (maxLength === undefined || example.inputIds.length <= maxLength) return { ...example, truncated: false };
  if (!Number.isInteger(maxLength) || maxLength < 2) throw new RangeError(`maxLength must be an integer >= 2, got ${maxLength}`);
  return { inputIds: example.inputIds.slice(0, maxLength), weights: example.weights.slice(0, maxLength), truncated: true };
}

/**
 * Whether any token after the first carries loss weight: the first token is never predicted, so an
 * example without such a token (e.g. its answer truncated away) contributes nothing to training.
 */
export function hasTrainedTokens(example: TokenizedExample): boolean {
  return example.weights.some((w, t) => t > 0 && w > 0);
}

export interface PreparedSupervisedDataset {
  examples: TokenizedExample[];
  /** Indices (into the input) of examples left out because no trained token survived truncation. */
  droppedIndices: number[];
  truncatedCount: number;
}

/**
 * Tokenizes a whole dataset, leaving out examples that would contribute no loss. An example that
 * cannot be tokenized (bad role, template error) fails the call with its index in the message.
 */
export function prepareSupervisedDataset(
  tokenizer: LoadedTokenizer,
  examples: readonly SupervisedExample[],
  options: TokenizeSupervisedOptions = {},
): PreparedSupervisedDataset {
  const prepared: PreparedSupervisedDataset = { examples: [], droppedIndices: [], truncatedCount: 0 };
  examples.forEach((example, index) => {
    let tokenized: TokenizedSupervisedExample;
    try {
      tokenized = tokenizeSupervisedExample(tokenizer, example, options);
    } catch (error) {
      throw new Error(`example ${index}: ${(error as Error).message}`, { cause: error });
    }
    if (tokenized.truncated) prepared.truncatedCount++;
    if (hasTrainedTokens(tokenized)) prepared.examples.push({ inputIds: tokenized.inputIds, weights: tokenized.weights });
    else prepared.droppedIndices.push(index);
  });
  return prepared;
}
