import type { ChatMessage, Example } from './example';

/** The pointer of an example's first use of tools (definitions, calls or results), or undefined. */
export function firstToolUse(example: Example): string | undefined {
  switch (example.format) {
    case 'chat':
      return example.tools?.length ? '/tools' : inMessages(example.messages, '/messages');
    case 'preference':
      if (example.input.tools?.length) return '/input/tools';
      return inMessages(example.input.messages, '/input/messages') ?? inMessages(example.preferred_output, '/preferred_output') ?? inMessages(example.non_preferred_output, '/non_preferred_output');
    case 'preference_trl':
      for (const key of ['prompt', 'chosen', 'rejected'] as const) {
        const value = example[key];
        const at = typeof value === 'string' ? undefined : inMessages(value, `/${key}`);
        if (at) return at;
      }
      return undefined;
    default:
      return undefined;
  }
}

function inMessages(messages: readonly ChatMessage[], pointer: string): string | undefined {
  const index = messages.findIndex((m) => m.role === 'tool' || (m.tool_calls?.length ?? 0) > 0);
  if (index === -1) return undefined;
  return messages[index]!.role === 'tool' ? `${pointer}/${index}` : `${pointer}/${index}/tool_calls`;
}
