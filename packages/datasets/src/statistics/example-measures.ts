import type { ChatMessage, Example } from '../formats/example';

/**
 * Text length of an example in UTF-16 code units: the fallback length when no
 * token counter is given. Counts message/prompt/completion text only, not JSON
 * syntax, roles or tool definitions.
 */
export function exampleCharacters(example: Example): number {
  switch (example.format) {
    case 'chat':
      return messagesCharacters(example.messages);
    case 'prompt_completion':
      return example.prompt.length + example.completion.length;
    case 'preference':
      return (
        messagesCharacters(example.input.messages) +
        messagesCharacters(example.preferred_output) +
        messagesCharacters(example.non_preferred_output)
      );
    case 'preference_trl':
      return textCharacters(example.prompt) + textCharacters(example.chosen) + textCharacters(example.rejected);
  }
}

/** Messages in an example (preference: input plus both outputs); undefined for prompt/completion. */
export function exampleMessageCount(example: Example): number | undefined {
  switch (example.format) {
    case 'chat':
      return example.messages.length;
    case 'prompt_completion':
      return undefined;
    case 'preference':
      return example.input.messages.length + example.preferred_output.length + example.non_preferred_output.length;
    case 'preference_trl':
      if (typeof example.prompt === 'string') return undefined;
      return example.prompt.length + example.chosen.length + example.rejected.length;
  }
}

/** Characters of the preferred and the rejected output, for the length-bias warning. */
export function preferenceOutputCharacters(example: Example): { chosen: number; rejected: number } | undefined {
  if (example.format === 'preference') {
    return { chosen: messagesCharacters(example.preferred_output), rejected: messagesCharacters(example.non_preferred_output) };
  }
  if (example.format === 'preference_trl') {
    return { chosen: textCharacters(example.chosen), rejected: textCharacters(example.rejected) };
  }
  return undefined;
}

function textCharacters(value: string | ChatMessage[]): number {
  return typeof value === 'string' ? value.length : messagesCharacters(value);
}

function messagesCharacters(messages: ChatMessage[]): number {
  let total = 0;
  for (const message of messages) {
    if (message.content !== null) total += message.content.length;
    if (message.tool_calls) {
      for (const call of message.tool_calls) total += call.function.name.length + call.function.arguments.length;
    }
  }
  return total;
}
