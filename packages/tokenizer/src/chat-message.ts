/** A chat message in the OpenAI / Hugging Face shape that chat templates consume. */
export interface ChatMessage {
  role: string; // 'system' | 'user' | 'assistant' | 'tool' (templates may accept more)
  content?: string | null;
  /** OpenAI fine-tuning extension: loss weight of an assistant message (default 1; 0 = not trained on). */
  weight?: number;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

export interface ToolCall {
  id?: string;
  type?: 'function';
  /** `arguments` is a JSON string in OpenAI's format, an object in Hugging Face's; templates handle both. */
  function: { name: string; arguments: string | Record<string, unknown> };
}

/** A tool definition passed to the chat template (OpenAI `tools` entries: `{type: 'function', function: {...}}`). */
export type ToolDefinition = Record<string, unknown>;
