import type { ChatMessage as DatasetMessage, Example, TokenCount, TokenCounter } from '@whetstone/datasets';
import { countExampleTokens, renderChat, type ChatMessage, type LoadedTokenizer } from '@whetstone/tokenizer';

const PROBE_TOOL = 'whetstone_tool_support_probe';

/** Whether the chat template renders tools at all: a template without tool support drops them silently. */
export function templateRendersTools(tokenizer: LoadedTokenizer): boolean {
  try {
    const text = renderChat(tokenizer, [{ role: 'user', content: 'hi' }], { tools: [{ type: 'function', function: { name: PROBE_TOOL, parameters: { type: 'object' } } }] });
    return text.includes(PROBE_TOOL);
  } catch {
    // A template that refuses tools has no tool support either.
    return false;
  }
}

/**
 * Counts tokens of validated examples with a base model's own tokenizer and chat template.
 * `total` is exact: the chat template renders each example once, and the rendered text is
 * counted by the tokenizer's fast counter (pre-token pieces counted once each, then cached;
 * the same number as a full encode, see @whetstone/tokenizer createFastTokenCounter).
 * `trained` sums the tokens of the parts that carry loss (weighted assistant turns,
 * completions, both preference outputs) plus one end-of-turn token each: exact per-token masks
 * need incremental renders, too slow for a statistic. `processed` is what billing counts (the
 * trainer's trained_tokens): both rendered sequences of a preference pair.
 */
export function tokenizerTokenCounter(tokenizer: LoadedTokenizer, modelName?: string): TokenCounter {
  // One counter, so one piece cache, for every file this tokenizer validates.
  const fast = tokenizer.createFastTokenCounter();
  const count = (text: string | null) => (text ? fast.count(text) : 0);
  const trainedTokens = (messages: readonly DatasetMessage[]) =>
    messages
      .filter((m) => m.role === 'assistant' && m.weight !== 0)
      .reduce((sum, m) => sum + count(m.content) + count(m.tool_calls ? JSON.stringify(m.tool_calls) : null) + 1, 0);
  const chat = (messages: readonly DatasetMessage[], tools?: readonly Record<string, unknown>[]) =>
    countExampleTokens(tokenizer, { messages: messages as unknown as ChatMessage[], tools: tools as never }, {}, fast);

  return {
    supportsTools: templateRendersTools(tokenizer),
    ...(modelName ? { modelName } : {}),
    countExample(example: Example): TokenCount {
      switch (example.format) {
        case 'chat':
          return { total: chat(example.messages, example.tools), trained: trainedTokens(example.messages) };
        case 'prompt_completion':
          return { total: countExampleTokens(tokenizer, example, {}, fast), trained: count(example.completion) + 1 };
        case 'preference': {
          const chosen = chat([...example.input.messages, ...example.preferred_output], example.input.tools);
          const rejected = chat([...example.input.messages, ...example.non_preferred_output], example.input.tools);
          return {
            total: Math.max(chosen, rejected),
            trained: trainedTokens(example.preferred_output) + trainedTokens(example.non_preferred_output),
            processed: chosen + rejected,
          };
        }
        case 'preference_trl': {
          if (typeof example.prompt === 'string') {
            const prompt = count(example.prompt);
            const chosen = count(example.chosen as string) + 1;
            const rejected = count(example.rejected as string) + 1;
            return { total: prompt + Math.max(chosen, rejected), trained: chosen + rejected, processed: 2 * prompt + chosen + rejected };
          }
          const prompt = example.prompt;
          const chosen = chat([...prompt, ...(example.chosen as DatasetMessage[])]);
          const rejected = chat([...prompt, ...(example.rejected as DatasetMessage[])]);
          return {
            total: Math.max(chosen, rejected),
            trained: trainedTokens(example.chosen as DatasetMessage[]) + trainedTokens(example.rejected as DatasetMessage[]),
            processed: chosen + rejected,
          };
        }
      }
    },
  };
}
