import type { ToolCall, ToolDefinition } from './example';
import type { LineIssues } from './line-issues';
import { checkWellFormed } from './content';
import { isJsonObject, jsonTypeOf, nestsDeeperThan, previewValue } from './json-values';

/** Tool schemas are rendered by recursive chat-template code; deeper than this is hostile. */
export const MAX_TOOL_SCHEMA_DEPTH = 64;

/** Checks an assistant message's tool_calls: [{id?, type:"function", function:{name, arguments}}]. */
export function validateToolCalls(value: unknown, pointer: string, issues: LineIssues): ToolCall[] | undefined {
  if (!Array.isArray(value)) {
    issues.error(pointer, 'wrong_type', `tool_calls must be an array, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  const before = issues.errorCount;
  const calls: ToolCall[] = [];
  for (let i = 0; i < value.length; i++) {
    const call = validateToolCall(value[i], `${pointer}/${i}`, issues);
    if (call) calls.push(call);
  }
  return issues.errorCount === before ? calls : undefined;
}

function validateToolCall(value: unknown, pointer: string, issues: LineIssues): ToolCall | undefined {
  if (!isJsonObject(value)) {
    issues.error(pointer, 'wrong_type', `tool call must be an object, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  const before = issues.errorCount;
  if (value.id !== undefined && typeof value.id !== 'string') {
    issues.error(`${pointer}/id`, 'wrong_type', `tool call "id" must be a string, got ${jsonTypeOf(value.id)}`);
  }
  if (value.type !== undefined && value.type !== 'function') {
    issues.error(`${pointer}/type`, 'invalid_tool_calls', `tool call "type" must be "function", got ${previewValue(value.type)}`);
  }
  const fn = value.function;
  if (fn === undefined) {
    issues.error(`${pointer}/function`, 'missing_field', 'tool call is missing "function"');
    return undefined;
  }
  if (!isJsonObject(fn)) {
    issues.error(`${pointer}/function`, 'wrong_type', `tool call "function" must be an object, got ${jsonTypeOf(fn)}`);
    return undefined;
  }
  const name = requireString(fn.name, `${pointer}/function/name`, 'function name', issues);
  const args = requireString(fn.arguments, `${pointer}/function/arguments`, 'function arguments', issues);
  if (args !== undefined && !isJsonText(args)) {
    issues.error(`${pointer}/function/arguments`, 'invalid_tool_calls', 'function arguments must be a JSON-encoded string');
  }
  if (name === undefined || args === undefined || issues.errorCount !== before) return undefined;
  const call: ToolCall = { type: 'function', function: { name, arguments: args } };
  if (typeof value.id === 'string') call.id = value.id;
  return call;
}

/** Checks a tools list: [{type:"function", function:{name, description?, parameters?}}]. */
export function validateTools(value: unknown, pointer: string, issues: LineIssues): ToolDefinition[] | undefined {
  if (!Array.isArray(value)) {
    issues.error(pointer, 'wrong_type', `tools must be an array, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  const before = issues.errorCount;
  for (let i = 0; i < value.length; i++) {
    const tool: unknown = value[i];
    const at = `${pointer}/${i}`;
    if (!isJsonObject(tool)) {
      issues.error(at, 'wrong_type', `tool must be an object, got ${jsonTypeOf(tool)}`);
      continue;
    }
    if (!isJsonObject(tool.function)) {
      issues.error(
        `${at}/function`,
        tool.function === undefined ? 'missing_field' : 'wrong_type',
        tool.function === undefined ? 'tool is missing "function"' : `tool "function" must be an object, got ${jsonTypeOf(tool.function)}`,
      );
      continue;
    }
    requireString(tool.function.name, `${at}/function/name`, 'tool name', issues);
    if (nestsDeeperThan(tool, MAX_TOOL_SCHEMA_DEPTH)) {
      issues.error(at, 'too_deep', `tool definition nests deeper than ${MAX_TOOL_SCHEMA_DEPTH} levels`);
    }
  }
  return issues.errorCount === before ? (value as ToolDefinition[]) : undefined;
}

function requireString(value: unknown, pointer: string, what: string, issues: LineIssues): string | undefined {
  if (value === undefined) {
    issues.error(pointer, 'missing_field', `${what} is missing`);
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.error(pointer, 'wrong_type', `${what} must be a string, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  if (issues.mayContainLoneSurrogates) checkWellFormed(value, pointer, issues);
  return value;
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
