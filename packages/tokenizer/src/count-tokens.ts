import type { ChatMessage, ToolDefinition } from './chat-message';
import type { LoadedTokenizer } from './loaded-tokenizer';
import { renderChat, type ChatRenderOptions } from './tokenize-chat';
import { encodePrompt, type PromptCompletionOptions } from './tokenize-prompt-completion';

export type CountableExample =
  | { messages: readonly ChatMessage[]; tools?: readonly ToolDefinition[] }
  | { prompt: string; completion: string };

/**
 * Number of tokens an example becomes, for dataset statistics and length checks. Same count as
 * tokenizeChat / tokenizePromptCompletion give, at the cost of one render and one encode (no
 * assistant-span search).
 */
export function countExampleTokens(
  tokenizer: LoadedTokenizer,
  example: CountableExample,
  options: ChatRenderOptions & PromptCompletionOptions = {},
): number {
  if ('messages' in example) {
    const text = renderChat(tokenizer, example.messages, { ...options, tools: example.tools ?? options.tools });
    return tokenizer.encode(text, { addSpecialTokens: false }).length;
  }
  const prompt = encodePrompt(tokenizer, example.prompt, options.addBos).length;
  const completion = tokenizer.encode(example.completion, { addSpecialTokens: false }).length;
  return prompt + completion + ((options.addEos ?? true) ? 1 : 0);
}
