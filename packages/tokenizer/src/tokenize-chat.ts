import type { ChatMessage, ToolDefinition } from './chat-message';
import { ChatTemplateError, type ChatTemplate } from './chat-template';
import type { LoadedTokenizer } from './loaded-tokenizer';
import { TokenLocator } from './token-locator';

export interface ChatRenderOptions {
  tools?: readonly ToolDefinition[];
  /** Pick one of several named templates in tokenizer_config.json. */
  templateName?: string;
  /** Extra template variables (e.g. `enable_thinking`). */
  templateVariables?: Record<string, unknown>;
}

/** Token ids with one loss weight per token: how much predicting that token counts (0 = not trained on). */
export interface WeightedTokens {
  inputIds: number[];
  weights: number[];
}

export interface AssistantSpan {
  messageIndex: number;
  /** Token range [start, end) in `inputIds`. */
  start: number;
  end: number;
  weight: number;
}

export interface TokenizedChat extends WeightedTokens {
  /** The rendered conversation that was tokenized. */
  text: string;
  assistantSpans: AssistantSpan[];
}

/** Renders a conversation with the tokenizer's chat template (no tokenization). */
export function renderChat(
  tokenizer: LoadedTokenizer,
  messages: readonly ChatMessage[],
  options: ChatRenderOptions & { addGenerationPrompt?: boolean } = {},
): string {
  return renderWith(requireTemplate(tokenizer, options), tokenizer, messages, options, options.addGenerationPrompt ?? false);
}

/**
 * Tokenizes a conversation for supervised fine-tuning: the chat template renders it, and the loss
 * falls only on assistant messages, each with its `weight` (default 1; weight 0 messages are not
 * trained on). System, user and tool tokens get weight 0.
 *
 * An assistant message's span is found by rendering prefixes of the conversation: the text of
 * messages[0..k) plus the generation prompt ends where message k's content begins, and the text of
 * messages[0..k] ends after its end-of-turn token. So the span is exactly what the model must
 * generate after the prompt (content + end-of-turn), whatever the template's layout, with no need
 * for `{% generation %}` markers. Templates whose earlier output changes when messages are
 * appended (e.g. ones that drop past reasoning) cannot be split this way and raise an error.
 */
export function tokenizeChat(tokenizer: LoadedTokenizer, messages: readonly ChatMessage[], options: ChatRenderOptions = {}): TokenizedChat {
  if (messages.length === 0) throw new ChatTemplateError('a conversation needs at least one message');
  const template = requireTemplate(tokenizer, options);
  const render = (count: number, addGenerationPrompt: boolean) =>
    renderWith(template, tokenizer, messages.slice(0, count), options, addGenerationPrompt);

  const text = render(messages.length, false);
  const inputIds = tokenizer.encode(text, { addSpecialTokens: false });
  const weights = new Array<number>(inputIds.length).fill(0);
  const locator = new TokenLocator(tokenizer, text, inputIds);
  const assistantSpans: AssistantSpan[] = [];

  messages.forEach((message, k) => {
    if (message.role !== 'assistant') return;
    const weight = messageWeight(message, k);
    if (weight === 0) return;
    const promptText = render(k, true);
    const throughText = render(k + 1, false);
    if (!text.startsWith(promptText) || !text.startsWith(throughText) || throughText.length < promptText.length) {
      throw new ChatTemplateError(
        `cannot locate assistant message ${k}: the chat template does not render the conversation's start the same way ` +
          'once later messages are added, so its rendering cannot be split into turns',
      );
    }
    const start = locator.firstTokenFrom(promptText.length);
    const end = locator.endOfTokensBefore(throughText.length);
    for (let t = start; t < end; t++) weights[t] = weight;
    assistantSpans.push({ messageIndex: k, start, end, weight });
  });
  return { inputIds, weights, text, assistantSpans };
}

function messageWeight(message: ChatMessage, index: number): number {
  const weight = message.weight ?? 1;
  if (!Number.isFinite(weight) || weight < 0) {
    throw new RangeError(`message ${index}: weight must be a finite number >= 0, got ${message.weight}`);
  }
  return weight;
}

export function requireTemplate(tokenizer: LoadedTokenizer, options: ChatRenderOptions): ChatTemplate {
  const template = tokenizer.chatTemplate({ name: options.templateName, withTools: (options.tools?.length ?? 0) > 0 });
  if (!template) {
    const what = options.templateName ? `chat template named "${options.templateName}"` : 'chat template';
    throw new ChatTemplateError(`the tokenizer has no ${what} (tokenizer_config.json chat_template)`);
  }
  return template;
}

function renderWith(
  template: ChatTemplate,
  tokenizer: LoadedTokenizer,
  messages: readonly ChatMessage[],
  options: ChatRenderOptions,
  addGenerationPrompt: boolean,
): string {
  return template.render({
    messages,
    addGenerationPrompt,
    tools: options.tools,
    specialTokens: tokenizer.templateSpecialTokens(),
    variables: options.templateVariables,
  });
}
