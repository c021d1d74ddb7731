/**
 * Validated examples, normalised: only the fields training uses, content parts joined
 * into one string, field names as in the OpenAI format (chat templates expect them).
 * This is what a TokenCounter receives.
 */

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface ToolCall {
  id?: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: Role;
  /** null only for an assistant message that carries tool_calls. */
  content: string | null;
  /** Assistant messages only: 0 excludes the message from the loss. */
  weight?: 0 | 1;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

/** A tool definition, passed through as parsed (its shape is checked, its schema is not). */
export type ToolDefinition = Record<string, unknown>;

export interface ChatExample {
  format: 'chat';
  messages: ChatMessage[];
  tools?: ToolDefinition[];
}

export interface PromptCompletionExample {
  format: 'prompt_completion';
  prompt: string;
  completion: string;
}

export interface PreferenceExample {
  format: 'preference';
  input: { messages: ChatMessage[]; tools?: ToolDefinition[] };
  preferred_output: ChatMessage[];
  non_preferred_output: ChatMessage[];
}

export interface TrlPreferenceExample {
  format: 'preference_trl';
  /** Either all three are strings ("standard") or all are message lists ("conversational"). */
  prompt: string | ChatMessage[];
  chosen: string | ChatMessage[];
  rejected: string | ChatMessage[];
}

export type Example = ChatExample | PromptCompletionExample | PreferenceExample | TrlPreferenceExample;
