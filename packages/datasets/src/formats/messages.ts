import type { ValidationErrorCode } from '../report/codes';
import type { ChatMessage, Role } from './example';
import type { LineIssues } from './line-issues';
import { checkWellFormed, normalizeContent } from './content';
import { jsonTypeOf, isJsonObject, pointerToken, previewValue } from './json-values';
import { validateToolCalls } from './tools';

const ROLES: ReadonlySet<string> = new Set<Role>(['system', 'user', 'assistant', 'tool']);

/** Where a message list sits and what it may contain. */
export interface MessageListRules {
  /** JSON pointer of the list, e.g. "/messages" or "/preferred_output". */
  pointer: string;
  /** `weight` is allowed (on assistant messages) in SFT lists, not in preference outputs. */
  allowWeight: boolean;
  /** Error for an empty list. */
  emptyCode: ValidationErrorCode;
}

/** Validates a message list; returns the normalised messages, or undefined after reporting. */
export function validateMessageList(value: unknown, rules: MessageListRules, issues: LineIssues): ChatMessage[] | undefined {
  if (!Array.isArray(value)) {
    issues.error(rules.pointer, 'wrong_type', `${rules.pointer.slice(1)} must be an array of messages, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    issues.error(rules.pointer, rules.emptyCode, `${rules.pointer.slice(1)} must contain at least one message`);
    return undefined;
  }
  const before = issues.errorCount;
  const messages: ChatMessage[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const message = validateMessage(value[i], i, rules, issues);
    if (message) messages[i] = message;
  }
  return issues.errorCount === before ? messages : undefined;
}

function validateMessage(value: unknown, index: number, rules: MessageListRules, issues: LineIssues): ChatMessage | undefined {
  // Pointers are built only on the error path (at(...)): this runs for every message of
  // every line. No closure either: tsx/esbuild's keepNames makes each one costly.
  const base = rules.pointer;
  if (!isJsonObject(value)) {
    issues.error(at(base, index, ''), 'wrong_type', `message must be an object, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  for (const key in value) {
    if (!MESSAGE_KEYS.has(key)) issues.unknownField(`${rules.pointer}/*/${pointerToken(key)}`);
  }
  const before = issues.errorCount;

  const role = validateRole(value.role, base, index, issues);

  let toolCalls: ChatMessage['tool_calls'];
  if (value.tool_calls !== undefined) {
    if (role !== undefined && role !== 'assistant') {
      issues.error(at(base, index, '/tool_calls'), 'invalid_tool_calls', `tool_calls is only allowed on assistant messages, not ${role}`);
    } else {
      toolCalls = validateToolCalls(value.tool_calls, at(base, index, '/tool_calls'), issues);
    }
  }

  let content: string | null | undefined;
  if (value.content === undefined || value.content === null) {
    if (role === 'assistant' && toolCalls !== undefined && toolCalls.length > 0) content = null;
    else if (role === 'assistant' && value.tool_calls !== undefined && toolCalls === undefined) content = undefined; // bad tool_calls, reported
    else issues.error(at(base, index, '/content'), 'missing_content', `${role ?? 'message'} message has no content`);
  } else {
    content = normalizeContent(value.content, base, index, issues);
  }

  const weight = validateWeight(value.weight, role, rules, index, issues);

  if (value.name !== undefined && typeof value.name !== 'string') {
    issues.error(at(base, index, '/name'), 'wrong_type', `name must be a string, got ${jsonTypeOf(value.name)}`);
  } else if (value.name !== undefined && issues.mayContainLoneSurrogates) {
    checkWellFormed(value.name, at(base, index, '/name'), issues);
  }
  if (value.tool_call_id !== undefined && typeof value.tool_call_id !== 'string') {
    issues.error(at(base, index, '/tool_call_id'), 'wrong_type', `tool_call_id must be a string, got ${jsonTypeOf(value.tool_call_id)}`);
  }

  if (issues.errorCount !== before || role === undefined || content === undefined) return undefined;

  if (content === '') issues.warn(role === 'system' ? 'empty_system_prompt' : 'empty_content');
  const message: ChatMessage = { role, content };
  if (weight !== undefined) message.weight = weight;
  if (typeof value.name === 'string') message.name = value.name;
  if (toolCalls !== undefined && toolCalls.length > 0) message.tool_calls = toolCalls;
  if (typeof value.tool_call_id === 'string') message.tool_call_id = value.tool_call_id;
  return message;
}

/** Pointer of a message field, e.g. at("/messages", 2, "/role") is "/messages/2/role". */
function at(base: string, index: number, suffix: string): string {
  return `${base}/${index}${suffix}`;
}

const MESSAGE_KEYS: ReadonlySet<string> = new Set(['role', 'content', 'weight', 'name', 'tool_calls', 'tool_call_id']);

function validateRole(value: unknown, base: string, index: number, issues: LineIssues): Role | undefined {
  if (value === undefined) {
    issues.error(at(base, index, '/role'), 'missing_role', 'message is missing "role"');
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.error(at(base, index, '/role'), 'wrong_type', `role must be a string, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  if (!ROLES.has(value)) {
    issues.error(at(base, index, '/role'), 'invalid_role', `role must be one of system, user, assistant, tool; got ${previewValue(value)}`);
    return undefined;
  }
  return value as Role;
}

function validateWeight(
  value: unknown,
  role: Role | undefined,
  rules: MessageListRules,
  index: number,
  issues: LineIssues,
): 0 | 1 | undefined {
  if (value === undefined) return undefined;
  const base = rules.pointer;
  if (!rules.allowWeight) {
    issues.error(at(base, index, '/weight'), 'invalid_weight', 'weight is not allowed here (only on assistant messages of supervised examples)');
    return undefined;
  }
  if (role !== undefined && role !== 'assistant') {
    issues.error(at(base, index, '/weight'), 'invalid_weight', `weight is only allowed on assistant messages, not ${role}`);
    return undefined;
  }
  if (typeof value !== 'number') {
    issues.error(at(base, index, '/weight'), 'wrong_type', `weight must be the number 0 or 1, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  if (value !== 0 && value !== 1) {
    issues.error(at(base, index, '/weight'), 'invalid_weight', `weight must be 0 or 1, got ${value}`);
    return undefined;
  }
  return value;
}
