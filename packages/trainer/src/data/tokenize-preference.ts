import { tokenizeChat, tokenizePromptCompletion, type ChatMessage, type LoadedTokenizer } from '@whetstone/tokenizer';
import { isChatPreference, type PreferenceExample, type TokenizedExample } from './examples';

/** Both sequences of a preference pair; they share their first `promptLength` tokens (the prompt). */
export interface TokenizedPreferencePair {
  chosen: TokenizedExample;
  rejected: TokenizedExample;
  promptLength: number;
}

/**
 * Tokenizes a preference pair into two sequences, prompt + chosen and prompt + rejected, with loss
 * weight 1 on the completion tokens only (earlier assistant turns in the prompt are context). The
 * shared prompt is checked to tokenize identically in both. Sequences longer than `maxLength` lose
 * the end of their completion; when not even one completion token fits, returns undefined.
 */
export function tokenizePreferenceExample(
  tokenizer: LoadedTokenizer,
  example: PreferenceExample,
  options: { maxLength?: number } = {},
): TokenizedPreferencePair | undefined {
  const pair = isChatPreference(example) ? tokenizeChatPair(tokenizer, example) : tokenizeTextPair(tokenizer, example);
  const { maxLength } = options;
  if (maxLength === undefined) return pair;
  if (pair.promptLength >= maxLength) return undefined;
  const cut = (sequence: TokenizedExample) => ({ inputIds: sequence.inputIds.slice(0, maxLength), weights: sequence.weights.slice(0, maxLength) });
  return { chosen: cut(pair.chosen), rejected: cut(pair.rejected), promptLength: pair.promptLength };
}

function tokenizeChatPair(tokenizer: LoadedTokenizer, example: Extract<PreferenceExample, { input: unknown }>): TokenizedPreferencePair {
  const context: ChatMessage[] = example.input.messages.map((message) => ({ ...message, weight: 0 }));
  const completion = (reply: ChatMessage[], which: string) => {
    if (reply.length === 0 || reply.some((m) => m.role !== 'assistant')) throw new Error(`${which} must be one or more assistant messages`);
    return reply.map((message) => ({ ...message, weight: 1 }));
  };
  const options = { tools: example.input.tools };
  const chosen = tokenizeChat(tokenizer, [...context, ...completion(example.preferred_output, 'preferred_output')], options);
  const rejected = tokenizeChat(tokenizer, [...context, ...completion(example.non_preferred_output, 'non_preferred_output')], options);
  const promptLength = chosen.assistantSpans[0]!.start;
  if (rejected.assistantSpans[0]!.start !== promptLength || chosen.inputIds.slice(0, promptLength).some((id, t) => rejected.inputIds[t] !== id)) {
    throw new Error('preferred and non-preferred outputs do not share the same prompt tokens');
  }
  return { chosen: strip(chosen), rejected: strip(rejected), promptLength };
}

function tokenizeTextPair(tokenizer: LoadedTokenizer, example: Extract<PreferenceExample, { prompt: string }>): TokenizedPreferencePair {
  const chosen = tokenizePromptCompletion(tokenizer, { prompt: example.prompt, completion: example.chosen });
  const rejected = tokenizePromptCompletion(tokenizer, { prompt: example.prompt, completion: example.rejected });
  return { chosen: strip(chosen), rejected: strip(rejected), promptLength: chosen.promptLength };
}

function strip({ inputIds, weights }: TokenizedExample): TokenizedExample {
  return { inputIds, weights };
}
