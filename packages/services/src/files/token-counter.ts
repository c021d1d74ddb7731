import type { ChatMessage as DatasetMessage, Example, TokenCount, TokenCounter } from '@whetstone/datasets';
import { countExampleTokens, type ChatMessage, type LoadedTokenizer } from '@whetstone/tokenizer';

/**
 * Counts tokens of validated examples with a base model's own tokenizer and chat template.
 * `total` is exact (one render + one encode). `trained` sums the tokens of the parts that carry
 * loss (weighted assistant turns, completions, both preference outputs) plus one end-of-turn
 * token each: exact per-token masks need incremental renders, too slow for a statistic.
 */
export function tokenizerTokenCounter(tokenizer: LoadedTokenizer): TokenCounter {
  const encode = (text: string | null) => (text ? tokenizer.encode(text, { addSpecialTokens: false }).length : 0);
  const trainedTokens = (messages: readonly DatasetMessage[]) =>
    messages
      .filter((m) => m.role === 'assistant' && m.weight !== 0)
      .reduce((sum, m) => sum + encode(m.content) + encode(m.tool_calls ? JSON.stringify(m.tool_calls) : null) + 1, 0);
  const chat = (messages: readonly DatasetMessage[], tools?: readonly Record<string, unknown>[]) =>
    countExampleTokens(tokenizer, { messages: messages as unknown as ChatMessage[], tools: tools as never });

  return {
    countExample(example: Example): TokenCount {
      switch (example.format) {
        case 'chat':
          return { total: chat(example.messages, example.tools), trained: trainedTokens(example.messages) };
        case 'prompt_completion':
          return { total: countExampleTokens(tokenizer, example), trained: encode(example.completion) + 1 };
        case 'preference': {
          const chosen = chat([...example.input.messages, ...example.preferred_output], example.input.tools);
          const rejected = chat([...example.input.messages, ...example.non_preferred_output], example.input.tools);
          return {
            total: Math.max(chosen, rejected),
            trained: trainedTokens(example.preferred_output) + trainedTokens(example.non_preferred_output),
          };
        }
        case 'preference_trl': {
          if (typeof example.prompt === 'string') {
            const prompt = encode(example.prompt);
            const chosen = encode(example.chosen as string) + 1;
            const rejected = encode(example.rejected as string) + 1;
            return { total: prompt + Math.max(chosen, rejected), trained: chosen + rejected };
          }
          const prompt = example.prompt;
          const chosen = example.chosen as DatasetMessage[];
          const rejected = example.rejected as DatasetMessage[];
          return {
            total: Math.max(chat([...prompt, ...chosen]), chat([...prompt, ...rejected])),
            trained: trainedTokens(chosen) + trainedTokens(rejected),
          };
        }
      }
    },
  };
}
