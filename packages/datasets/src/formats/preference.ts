import type { ChatMessage, PreferenceExample, ToolDefinition } from './example';
import type { LineIssues } from './line-issues';
import { isJsonObject, jsonTypeOf, pointerToken, type JsonObject } from './json-values';
import { validateMessageList } from './messages';
import { sameOutputs, validatePreferenceOutput } from './preference-outputs';
import { validateTools } from './tools';

const PREFERENCE_KEYS: ReadonlySet<string> = new Set(['input', 'preferred_output', 'non_preferred_output']);
const INPUT_KEYS: ReadonlySet<string> = new Set(['messages', 'tools', 'parallel_tool_calls']);

/** OpenAI DPO: {"input":{"messages":[...]}, "preferred_output":[assistant], "non_preferred_output":[assistant]}. */
export function validatePreferenceExample(row: JsonObject, issues: LineIssues): PreferenceExample | undefined {
  for (const key in row) {
    if (!PREFERENCE_KEYS.has(key)) issues.unknownField(`/${pointerToken(key)}`);
  }
  const before = issues.errorCount;
  const input = validateInput(row.input, issues);
  const preferred = output(row.preferred_output, '/preferred_output', issues);
  const nonPreferred = output(row.non_preferred_output, '/non_preferred_output', issues);
  if (preferred !== undefined && nonPreferred !== undefined && sameOutputs(preferred, nonPreferred)) {
    issues.error('/non_preferred_output', 'identical_preference_outputs', 'preferred and non-preferred outputs are identical');
  }
  if (input === undefined || preferred === undefined || nonPreferred === undefined || issues.errorCount !== before) {
    return undefined;
  }
  return { format: 'preference', input, preferred_output: preferred, non_preferred_output: nonPreferred };
}

function validateInput(value: unknown, issues: LineIssues): PreferenceExample['input'] | undefined {
  if (value === undefined) {
    issues.error('/input', 'missing_field', 'example has no "input"');
    return undefined;
  }
  if (!isJsonObject(value)) {
    issues.error('/input', 'wrong_type', `input must be an object, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  for (const key in value) {
    if (!INPUT_KEYS.has(key)) issues.unknownField(`/input/${pointerToken(key)}`);
  }
  let messages: ChatMessage[] | undefined;
  if (value.messages === undefined) {
    issues.error('/input/messages', 'missing_messages', 'input has no "messages"');
  } else {
    messages = validateMessageList(value.messages, { pointer: '/input/messages', allowWeight: false, emptyCode: 'empty_messages' }, issues);
  }
  let tools: ToolDefinition[] | undefined;
  if (value.tools !== undefined) tools = validateTools(value.tools, '/input/tools', issues);
  if (value.parallel_tool_calls !== undefined && typeof value.parallel_tool_calls !== 'boolean') {
    issues.error('/input/parallel_tool_calls', 'wrong_type', `parallel_tool_calls must be a boolean, got ${jsonTypeOf(value.parallel_tool_calls)}`);
  }
  if (messages === undefined) return undefined;
  return tools === undefined ? { messages } : { messages, tools };
}

function output(value: unknown, pointer: string, issues: LineIssues): ChatMessage[] | undefined {
  if (value === undefined) {
    issues.error(pointer, 'missing_field', `example has no "${pointer.slice(1)}"`);
    return undefined;
  }
  return validatePreferenceOutput(value, pointer, 1, issues);
}
