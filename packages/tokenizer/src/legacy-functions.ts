/**
 * OpenAI's legacy function-calling chat shape, converted to the tools shape as OpenAI does:
 *  - `functions: [{name, description?, parameters?}]` → `tools: [{type: "function", function}]`;
 *  - an assistant's `function_call: {name, arguments}` → `tool_calls: [{id, type: "function", function}]`;
 *  - a `{role: "function", name, content}` reply → `{role: "tool", tool_call_id, name, content}`,
 *    answering the latest call of that name (ids are made up: `call_<message index>`).
 * Works on the parsed JSON line before validation, so validation and training see one shape.
 */

type Json = Record<string, unknown>;

export interface LegacyProblem {
  /** JSON pointer of the offending field. */
  pointer: string;
  message: string;
}

export interface LegacyConversion {
  /** The row in the tools shape (the input when it had no legacy fields). */
  row: Json;
  /** Whether any legacy field was converted. */
  converted: boolean;
  problems: LegacyProblem[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when the row uses any legacy field (cheap check for the common case). */
export function usesLegacyFunctions(row: Json): boolean {
  if (row.functions !== undefined || row.function_call !== undefined) return true;
  const messages = row.messages;
  if (!Array.isArray(messages)) return false;
  return messages.some((m) => isObject(m) && (m.function_call !== undefined || m.role === 'function'));
}

export function convertLegacyFunctions(row: Json): LegacyConversion {
  if (!usesLegacyFunctions(row)) return { row, converted: false, problems: [] };
  const problems: LegacyProblem[] = [];
  const out: Json = { ...row };
  // The request-level `function_call` (which function to force) does not change what is trained on.
  delete out.function_call;
  if (row.functions !== undefined) {
    delete out.functions;
    if (row.tools !== undefined) problems.push({ pointer: '/functions', message: 'give either "functions" (legacy) or "tools", not both' });
    else if (!Array.isArray(row.functions)) problems.push({ pointer: '/functions', message: 'functions must be an array of function definitions' });
    else {
      row.functions.forEach((f, i) => {
        if (!isObject(f) || typeof f.name !== 'string') problems.push({ pointer: `/functions/${i}`, message: 'a function definition needs a string "name"' });
      });
      out.tools = row.functions.map((f) => ({ type: 'function', function: f }));
    }
  }
  if (Array.isArray(row.messages)) out.messages = convertMessages(row.messages, problems);
  return { row: out, converted: true, problems };
}

function convertMessages(messages: unknown[], problems: LegacyProblem[]): unknown[] {
  // Open calls by function name, latest last: a function reply answers the latest call of its name.
  const open = new Map<string, string[]>();
  return messages.map((message, index) => {
    if (!isObject(message)) return message;
    if (message.function_call !== undefined) {
      const call = message.function_call;
      const pointer = `/messages/${index}/function_call`;
      if (message.tool_calls !== undefined) {
        problems.push({ pointer, message: 'give either "function_call" (legacy) or "tool_calls", not both' });
        return message;
      }
      if (!isObject(call) || typeof call.name !== 'string' || typeof call.arguments !== 'string') {
        problems.push({ pointer, message: 'function_call must be {"name": string, "arguments": JSON-encoded string}' });
        return message;
      }
      const id = `call_${index}`;
      open.set(call.name, [...(open.get(call.name) ?? []), id]);
      const { function_call: _legacy, ...rest } = message;
      return { ...rest, tool_calls: [{ id, type: 'function', function: { name: call.name, arguments: call.arguments } }] };
    }
    if (message.role === 'function') {
      if (typeof message.name !== 'string') {
        problems.push({ pointer: `/messages/${index}/name`, message: 'a function message needs the "name" of the function it answers' });
        return message;
      }
      const ids = open.get(message.name);
      const id = ids?.pop();
      if (!id) {
        problems.push({ pointer: `/messages/${index}`, message: `function message "${message.name}" answers no earlier function_call of that name` });
        // Reported once, here: as a tool message it raises no second error for its legacy role.
        return { ...message, role: 'tool' };
      }
      return { ...message, role: 'tool', tool_call_id: id };
    }
    return message;
  });
}
