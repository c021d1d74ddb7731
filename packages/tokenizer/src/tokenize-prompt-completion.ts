import type { LoadedTokenizer } from './loaded-tokenizer';
import type { WeightedTokens } from './tokenize-chat';

export interface PromptCompletion {
  prompt: string;
  completion: string;
}

export interface PromptCompletionOptions {
  /** Start with the BOS token (default: when the tokenizer has one). */
  addBos?: boolean;
  /** End with the EOS token so the model learns to stop (default true). */
  addEos?: boolean;
  /** Loss weight of the completion tokens (default 1). */
  weight?: number;
}

/**
 * Tokenizes a plain-text prompt/completion pair: [BOS] prompt completion [EOS], with loss weight on
 * the completion and EOS only. Prompt and completion are encoded separately, so the prompt's tokens
 * are exactly those a generation request with that prompt would see.
 */
export function tokenizePromptCompletion(
  tokenizer: LoadedTokenizer,
  example: PromptCompletion,
  options: PromptCompletionOptions = {},
): WeightedTokens & { promptLength: number } {
  const weight = options.weight ?? 1;
  const promptIds = encodePrompt(tokenizer, example.prompt, options.addBos);
  const completionIds = tokenizer.encode(example.completion, { addSpecialTokens: false });
  if (options.addEos ?? true) completionIds.push(requireEos(tokenizer));
  return {
    inputIds: [...promptIds, ...completionIds],
    weights: [...new Array<number>(promptIds.length).fill(0), ...new Array<number>(completionIds.length).fill(weight)],
    promptLength: promptIds.length,
  };
}

export function encodePrompt(tokenizer: LoadedTokenizer, prompt: string, addBos?: boolean): number[] {
  return [...promptPrefix(tokenizer, addBos), ...tokenizer.encode(prompt, { addSpecialTokens: false })];
}

/** What a prompt starts with: [BOS] by default when the tokenizer has one, else nothing. */
export function promptPrefix(tokenizer: LoadedTokenizer, addBos?: boolean): number[] {
  const bos = tokenizer.bosTokenId;
  if (addBos === true && bos === undefined) throw new Error('addBos: the tokenizer has no bos_token');
  return (addBos ?? bos !== undefined) && bos !== undefined ? [bos] : [];
}

function requireEos(tokenizer: LoadedTokenizer): number {
  const eos = tokenizer.eosTokenId;
  if (eos === undefined) throw new Error('addEos: the tokenizer has no eos_token (tokenizer_config.json)');
  return eos;
}
