import type { ChatExample, ChatMessage } from './example';
import type { LineIssues } from './line-issues';
import { jsonTypeOf, pointerToken, type JsonObject } from './json-values';
import { validateMessageList } from './messages';
import { validateTools } from './tools';
// Deep import: the converter is dependency-free; the tokenizer's index loads the Jinja engine.
import { convertLegacyFunctions } from '@whetstone/tokenizer/src/legacy-functions';

const CHAT_KEYS: ReadonlySet<string> = new Set(['messages', 'tools', 'parallel_tool_calls']);

/**
 * Chat SFT: {"messages":[...], "tools"?: [...], "parallel_tool_calls"?: bool}. The legacy
 * `functions` / `function_call` / role "function" shape is converted to tools first, as OpenAI does.
 */
export function validateChatExample(given: JsonObject, issues: LineIssues): ChatExample | undefined {
  const legacy = convertLegacyFunctions(given);
  for (const problem of legacy.problems) issues.error(problem.pointer, 'invalid_tool_calls', problem.message);
  const row = legacy.row as JsonObject;
  for (const key in row) {
    if (!CHAT_KEYS.has(key)) issues.unknownField(`/${pointerToken(key)}`);
  }
  const before = issues.errorCount;
  let messages: ChatMessage[] | undefined;
  if (row.messages === undefined) {
    issues.error('/messages', 'missing_messages', 'example has no "messages"');
  } else {
    messages = validateMessageList(row.messages, { pointer: '/messages', allowWeight: true, emptyCode: 'empty_messages' }, issues);
  }
  const tools = row.tools === undefined ? undefined : validateTools(row.tools, '/tools', issues);
  if (row.parallel_tool_calls !== undefined && typeof row.parallel_tool_calls !== 'boolean') {
    issues.error('/parallel_tool_calls', 'wrong_type', `parallel_tool_calls must be a boolean, got ${jsonTypeOf(row.parallel_tool_calls)}`);
  }
  if (messages !== undefined) checkTrainable(messages, issues);
  if (messages === undefined || issues.errorCount !== before) return undefined;
  const example: ChatExample = { format: 'chat', messages };
  if (tools !== undefined) example.tools = tools;
  return example;
}

/** An SFT example must give the loss something: at least one assistant message with weight 1. */
function checkTrainable(messages: ChatMessage[], issues: LineIssues): void {
  let assistants = 0;
  let trained = 0;
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    assistants += 1;
    if (message.weight !== 0) trained += 1;
  }
  if (assistants === 0) {
    issues.error('/messages', 'no_assistant_message', 'example has no assistant message to train on');
  } else if (trained === 0) {
    issues.error('/messages', 'no_trained_messages', 'every assistant message has weight 0, so nothing would be trained');
  } else if (messages[messages.length - 1]!.role !== 'assistant') {
    issues.warn('last_message_not_assistant');
  }
}
