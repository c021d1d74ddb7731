import type { ChatMessage } from './example';
import type { LineIssues } from './line-issues';
import { validateMessageList } from './messages';

/**
 * A preference output: a non-empty list of assistant messages without weights.
 * `maxMessages` is 1 for OpenAI's shape, which trains on a single final turn.
 */
export function validatePreferenceOutput(
  value: unknown,
  pointer: string,
  maxMessages: number,
  issues: LineIssues,
): ChatMessage[] | undefined {
  const messages = validateMessageList(value, { pointer, allowWeight: false, emptyCode: 'invalid_preference_output_length' }, issues);
  if (messages === undefined) return undefined;
  const before = issues.errorCount;
  if (messages.length > maxMessages) {
    issues.error(pointer, 'invalid_preference_output_length', `${pointer.slice(1)} must contain exactly one assistant message, got ${messages.length}`);
  }
  for (let i = 0; i < messages.length; i++) {
    const role = messages[i]!.role;
    if (role !== 'assistant') {
      issues.error(`${pointer}/${i}/role`, 'preference_output_not_assistant', `preference outputs must be assistant messages, got ${role}`);
    }
  }
  return issues.errorCount === before ? messages : undefined;
}

/** Whether two outputs would give DPO the same sequence: then the pair teaches nothing. */
export function sameOutputs(a: string | ChatMessage[], b: string | ChatMessage[]): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!sameMessage(a[i]!, b[i]!)) return false;
  }
  return true;
}

function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a.role === b.role &&
    a.content === b.content &&
    a.name === b.name &&
    // Normalised tool calls hold only strings, so stringify is safe and order-stable.
    JSON.stringify(a.tool_calls) === JSON.stringify(b.tool_calls)
  );
}
