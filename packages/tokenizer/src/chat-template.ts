import { Template } from '@huggingface/jinja';
import type { ChatMessage, ToolDefinition } from './chat-message';
import { widenPolymorphicInlineCaches } from './v8-inline-caches';

// Before any template renders (see there): makes the Jinja interpreter several times faster.
widenPolymorphicInlineCaches();

/** A template that fails to parse or render, including its own `raise_exception(message)` calls. */
export class ChatTemplateError extends Error {
  override name = 'ChatTemplateError';
}

export interface ChatTemplateInput {
  messages: readonly ChatMessage[];
  /** Append the header that opens the assistant's turn (for generation / masking the prompt). */
  addGenerationPrompt?: boolean;
  tools?: readonly ToolDefinition[];
  /** Special-token strings exposed to the template as variables (bos_token, eos_token, ...). */
  specialTokens?: Record<string, string | undefined>;
  /** Any further template variables (e.g. `enable_thinking`, `date_string`). */
  variables?: Record<string, unknown>;
}

/**
 * A parsed Jinja chat template, rendered with the variables Hugging Face's `apply_chat_template`
 * provides: `messages`, `add_generation_prompt`, `tools`, the special-token strings and
 * `raise_exception`. `{% generation %}` tags are accepted and ignored (the Jinja library strips
 * them); assistant spans are found by prefix rendering instead (see tokenize-chat.ts).
 */
export class ChatTemplate {
  private readonly template: Template;

  constructor(readonly source: string) {
    try {
      this.template = new Template(source);
    } catch (error) {
      throw new ChatTemplateError(`chat template does not parse: ${(error as Error).message}`);
    }
  }

  render(input: ChatTemplateInput): string {
    const variables: Record<string, unknown> = {
      ...input.specialTokens,
      ...input.variables,
      // Messages are passed without our `weight` extension: it is training metadata, not template input.
      messages: input.messages.map(({ weight: _weight, ...message }) => message),
      add_generation_prompt: input.addGenerationPrompt ?? false,
      // raise_exception is the library's built-in (it cannot be overridden); its errors arrive below.
    };
    if (input.tools && input.tools.length > 0) variables.tools = input.tools;
    try {
      return this.template.render(variables);
    } catch (error) {
      throw new ChatTemplateError(`chat template failed to render: ${(error as Error).message}`);
    }
  }
}

/**
 * Picks the template source from tokenizer_config.json's `chat_template`, which is either one
 * string or a list of named templates (`[{name: 'default', template}, {name: 'tool_use', ...}]`).
 * Mirrors transformers: an explicit name wins; with tools, `tool_use` is preferred; else `default`.
 */
export function selectChatTemplateSource(
  chatTemplate: unknown,
  options: { name?: string; withTools?: boolean } = {},
): string | undefined {
  if (typeof chatTemplate === 'string') return chatTemplate;
  if (!Array.isArray(chatTemplate)) return undefined;
  const named = new Map<string, string>();
  for (const entry of chatTemplate) {
    if (entry && typeof entry.name === 'string' && typeof entry.template === 'string') named.set(entry.name, entry.template);
  }
  if (options.name !== undefined) return named.get(options.name);
  if (options.withTools && named.has('tool_use')) return named.get('tool_use');
  return named.get('default');
}
