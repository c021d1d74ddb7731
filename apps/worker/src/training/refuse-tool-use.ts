import type { ChatMessage } from '@whetstone/tokenizer';
import { TrainingDataError, type ExampleParser } from './read-examples';

/**
 * A file is validated with the default model's chat template; a job may train it on another model
 * whose template has no tool support, which would drop tools, calls and results silently. On such a
 * model this parser fails the job at the first line that uses tools, naming the line and the field.
 */
export function refuseToolUse<T>(parse: ExampleParser<T>, modelName: string): ExampleParser<T> {
  return (text, where) => {
    const example = parse(text, where);
    const at = firstToolUse(example as Record<string, unknown>);
    if (at) {
      throw new TrainingDataError(
        `${where}: ${at} uses tools, but ${modelName}'s chat template has no tool support (tools would be dropped from training). Train on a model whose template renders tools, or remove them.`,
      );
    }
    return example;
  };
}

/** The pointer of an example's first tool definition, tool call or tool result, in any example format. */
function firstToolUse(example: Record<string, unknown>): string | undefined {
  const input = example.input as { tools?: unknown[]; messages?: ChatMessage[] } | undefined;
  if ((example.tools as unknown[] | undefined)?.length) return '/tools';
  if (input?.tools?.length) return '/input/tools';
  const conversations: [string, unknown][] = [
    ['/messages', example.messages],
    ['/input/messages', input?.messages],
    ['/preferred_output', example.preferred_output],
    ['/non_preferred_output', example.non_preferred_output],
    ['/prompt', example.prompt],
    ['/chosen', example.chosen],
    ['/rejected', example.rejected],
  ];
  for (const [pointer, messages] of conversations) {
    if (!Array.isArray(messages)) continue;
    const index = (messages as ChatMessage[]).findIndex((m) => m.role === 'tool' || (m.tool_calls?.length ?? 0) > 0);
    if (index !== -1) return messages[index].role === 'tool' ? `${pointer}/${index}` : `${pointer}/${index}/tool_calls`;
  }
  return undefined;
}
