import type { ChatMessage, ToolDefinition } from '@whetstone/tokenizer';

/** A chat fine-tuning example (OpenAI format): loss on assistant messages, each with an optional weight. */
export interface ChatExample {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
}

/** A plain-text example: loss on the completion (and the EOS token after it). */
export interface PromptCompletionExample {
  prompt: string;
  completion: string;
}

export type SupervisedExample = ChatExample | PromptCompletionExample;

/** A preference pair in OpenAI's DPO format: one conversation, a preferred and a non-preferred reply. */
export interface ChatPreferenceExample {
  input: { messages: ChatMessage[]; tools?: ToolDefinition[] };
  preferred_output: ChatMessage[];
  non_preferred_output: ChatMessage[];
}

/** A plain-text preference pair: one prompt, a chosen and a rejected completion. */
export interface TextPreferenceExample {
  prompt: string;
  chosen: string;
  rejected: string;
}

export type PreferenceExample = ChatPreferenceExample | TextPreferenceExample;

/**
 * Token ids of one example and the loss weight of each token (how much predicting that token
 * counts; 0 = context only). What batching turns into input_ids / labels / label_weights. The
 * first token's weight is ignored: no position of the example predicts it.
 */
export interface TokenizedExample {
  inputIds: number[];
  weights: number[];
}

export function isChatExample(example: SupervisedExample): example is ChatExample {
  return Array.isArray((example as ChatExample).messages);
}

export function isChatPreference(example: PreferenceExample): example is ChatPreferenceExample {
  return typeof (example as ChatPreferenceExample).input === 'object';
}
