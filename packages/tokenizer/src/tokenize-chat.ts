import type { ChatMessage, ToolDefinition } from './chat-message';
import { ChatTemplateError, type ChatTemplate } from './chat-template';
import type { LoadedTokenizer } from './loaded-tokenizer';
import { locateAssistantTurn } from './locate-assistant-turn';
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
 * Each assistant message's span is located from renderings of the conversation's prefixes
 * (`locateAssistantTurn`): what the model must generate after the generation prompt, content and
 * end-of-turn token, whatever the template's layout and with no need for `{% generation %}`
 * markers. A template whose rendering cannot be split into turns raises an error.
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
  let searchFrom = 0;

  messages.forEach((message, k) => {
    if (message.role !== 'assistant') return;
    const weight = messageWeight(message, k);
    // Weight-0 turns are located too, so that the search for a later identical turn starts after them.
    const range = locateAssistantTurn({
      text,
      promptText: render(k, true),
      throughText: render(k + 1, false),
      searchFrom,
      specialTokens: tokenizer.specialTokenTexts,
    });
    if (!range) {
      throw new ChatTemplateError(
        `cannot locate assistant message ${k}: the chat template does not render the conversation's start the same way ` +
          'once later messages are added, so its rendering cannot be split into turns',
      );
    }
    searchFrom = range.end;
    if (weight === 0) return;
    const start = locator.firstTokenFrom(range.start);
    const end = locator.endOfTokensBefore(range.end);
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
