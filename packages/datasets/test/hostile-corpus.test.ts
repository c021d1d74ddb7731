import { ValidationReportSchema, type ValidateDatasetOptions } from '../src';
import { describeParseFailure } from '../src/validation/parse-json-line';
import { LINE_ERRORS_ONLY, chatRow, chatRows, errorTriples, jsonl, validateText } from './helpers/sources';

/**
 * Files people really upload, and files an attacker would. Each case states the exact
 * errors (line, code, JSON pointer) it must produce; none may throw or hang.
 */
interface HostileCase {
  name: string;
  input: string | Uint8Array;
  errors: Array<[number | null, string, string]>;
  options?: ValidateDatasetOptions;
  /** Extra checks on the report. */
  also?: (report: Awaited<ReturnType<typeof validateText>>) => void;
}

const ok = JSON.stringify(chatRow(0));
const ok2 = JSON.stringify(chatRow(1));
const user = (content: unknown): unknown => ({ role: 'user', content });
const assistant = (content: unknown, extra: object = {}): unknown => ({ role: 'assistant', content, ...extra });
const chat = (...messages: unknown[]): string => JSON.stringify({ messages });
const nested = (depth: number, open: string, close: string, inner = ''): string => open.repeat(depth) + inner + close.repeat(depth);
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

const cases: HostileCase[] = [
  // Empty and blank files
  { name: 'empty file', input: '', errors: [[null, 'empty_file', '']], also: (r) => expect(r.format).toBeNull() },
  { name: 'whitespace-only file', input: '  \n\t\n \r\n\n', errors: [[null, 'empty_file', '']], also: (r) => expect(r.lines).toEqual({ total: 4, blank: 4, invalid: 0 }) },
  { name: 'newlines only', input: '\n\n\n', errors: [[null, 'empty_file', '']] },
  { name: 'a BOM and nothing else', input: '\uFEFF', errors: [[null, 'empty_file', '']] },

  // Broken JSON
  { name: 'truncated JSON', input: '{"messages":[{"role":"user","content":"hi"}', errors: [[1, 'invalid_json', '']] },
  { name: 'file cut off mid-line after good lines', input: `${ok}\n${ok2}\n{"messages":[{"role":"us`, errors: [[3, 'invalid_json', '']] },
  {
    name: 'pretty-printed JSON array instead of JSONL',
    input: `[\n  ${ok},\n  ${ok2}\n]\n`,
    errors: [
      [1, 'invalid_json', ''],
      [2, 'invalid_json', ''],
      [4, 'invalid_json', ''],
    ],
    also: (r) => {
      expect(r.errors.items[0]!.message).toContain('looks like a JSON array');
      expect(r.examples).toBe(1);
    },
  },
  {
    name: 'JSON array on one line',
    input: `[${ok},${ok2}]\n`,
    errors: [[1, 'not_an_object', '']],
    also: (r) => expect(r.errors.items[0]!.message).toContain('converted to JSONL'),
  },
  {
    name: 'scalars instead of objects',
    input: '42\n"text"\nnull\ntrue\n',
    errors: [
      [1, 'not_an_object', ''],
      [2, 'not_an_object', ''],
      [3, 'not_an_object', ''],
      [4, 'not_an_object', ''],
    ],
  },
  { name: 'object spread over several lines', input: '{\n"messages": []\n}\n', errors: [[1, 'invalid_json', ''], [2, 'invalid_json', ''], [3, 'invalid_json', '']] },
  { name: 'old Mac CR-only line endings make one bad line', input: `${ok}\r${ok2}\r`, errors: [[1, 'invalid_json', '']] },
  { name: 'BOM on line 2 is not whitespace', input: `${ok}\n\uFEFF${ok2}\n`, errors: [[2, 'invalid_json', '']] },
  { name: 'raw NUL byte inside a string', input: bytes('{"messages":[{"role":"user","content":"a', [0], 'b"}]}\n'), errors: [[1, 'invalid_json', '']] },
  { name: 'a file of NUL bytes', input: new Uint8Array(4096), errors: [[1, 'invalid_json', '']] },

  // Encodings
  {
    name: 'binary garbage',
    input: bytes([0x80, 0x81, 0xfe, 0x0a, 0xc3, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0a, 0xf8, 0x88, 0x80, 0x80, 0x80]),
    errors: [
      [1, 'invalid_utf8', ''],
      [2, 'invalid_utf8', ''],
      [3, 'invalid_utf8', ''],
      [4, 'invalid_utf8', ''],
    ],
  },
  { name: 'invalid UTF-8 inside a string', input: bytes(`${ok}\n{"prompt":"caf`, [0xc3, 0x28], '"}\n'), errors: [[2, 'invalid_utf8', '']] },
  { name: 'overlong UTF-8 encoding of "/"', input: bytes(`${ok}\n`, '{"a":"', [0xc0, 0xaf], '"}\n'), errors: [[2, 'invalid_utf8', '']] },
  { name: 'UTF-8-encoded surrogate (CESU-8)', input: bytes(`${ok}\n`, '{"a":"', [0xed, 0xa0, 0x80], '"}\n'), errors: [[2, 'invalid_utf8', '']] },
  { name: 'code point above U+10FFFF', input: bytes('{"a":"', [0xf4, 0x90, 0x80, 0x80], '"}\n'), errors: [[1, 'invalid_utf8', '']] },
  {
    name: 'UTF-16LE file with BOM',
    input: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${ok}\n`, 'utf16le')]),
    // The LF's high byte (0x00) is left over as line 2: valid UTF-8, invalid JSON.
    errors: [[1, 'invalid_utf8', ''], [2, 'invalid_json', '']],
    also: (r) => expect(r.errors.items[0]!.message).toContain('UTF-16'),
  },
  {
    name: 'gzip-compressed upload',
    input: bytes([0x1f, 0x8b, 0x08, 0x00, 0x9c, 0xff]),
    errors: [[1, 'invalid_utf8', '']],
    also: (r) => expect(r.errors.items[0]!.message).toContain('gzip'),
  },
  { name: 'UTF-8 BOM on line 1 is accepted', input: `\uFEFF${ok}\n${ok2}\n`, errors: [], also: (r) => expect(r.examples).toBe(2) },
  { name: 'CRLF line endings', input: `${ok}\r\n${ok2}\r\n`, errors: [], also: (r) => expect(r.examples).toBe(2) },
  { name: 'mixed LF, CRLF and no final newline', input: `${ok}\r\n\r\n${ok2}\n${JSON.stringify(chatRow(2))}`, errors: [], also: (r) => expect(r.lines).toEqual({ total: 4, blank: 1, invalid: 0 }) },

  // Unicode escapes
  { name: 'lone high surrogate escape in content', input: `${chat(user('x\\ud800y'), assistant('a'))}\n`.replace('\\\\ud800', '\\ud800'), errors: [[1, 'lone_surrogate', '/messages/0/content']] },
  { name: 'lone low surrogate escape in a name', input: '{"messages":[{"role":"user","content":"q","name":"\\uDC00"},{"role":"assistant","content":"a"}]}\n', errors: [[1, 'lone_surrogate', '/messages/0/name']] },
  { name: 'reversed surrogate pair in a completion', input: '{"prompt":"p","completion":"\\udc00\\ud800"}\n', errors: [[1, 'lone_surrogate', '/completion']] },
  { name: 'valid surrogate pair escape (emoji) is fine', input: '{"messages":[{"role":"user","content":"\\ud83d\\ude00"},{"role":"assistant","content":"a"}]}\n', errors: [] },
  { name: 'escaped \\u0000 in content is allowed', input: '{"messages":[{"role":"user","content":"a\\u0000b"},{"role":"assistant","content":"a"}]}\n', errors: [] },

  // Nesting
  { name: '100k nested arrays', input: `${nested(100_000, '[', ']')}\n`, errors: [[1, 'not_an_object', '']] },
  { name: '100k nested objects without known keys', input: `${nested(100_000, '{"a":', '}', '1')}\n`, errors: [[1, 'unknown_format', '']] },
  {
    name: 'deep nesting as message content',
    input: `${JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }).replace('"x"', nested(50_000, '[', ']'))}\n`,
    // Whole-example checks (like "has an assistant message") wait for valid messages.
    errors: [[1, 'invalid_content_type', '/messages/0/content/0']],
  },
  {
    name: 'deep nesting inside a tool schema',
    input: `{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"tools":[{"type":"function","function":{"name":"f","parameters":${nested(100_000, '{"p":', '}', '1')}}}]}\n`,
    errors: [[1, 'too_deep', '/tools/0']],
  },
  {
    name: 'deep nesting in an unknown field is ignored',
    input: `{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"meta":${nested(100_000, '[', ']')}}\n`,
    errors: [],
    also: (r) => expect(r.warnings.map((w) => w.code)).toEqual(['unknown_fields']),
  },

  // Wrong types, field by field
  { name: 'null messages', input: `${ok}\n{"messages":null}\n`, errors: [[2, 'wrong_type', '/messages']] },
  { name: 'messages as an object', input: '{"messages":{"role":"user"}}\n', errors: [[1, 'wrong_type', '/messages']] },
  { name: 'messages as a string', input: '{"messages":"hello"}\n', errors: [[1, 'wrong_type', '/messages']] },
  { name: 'empty messages', input: '{"messages":[]}\n', errors: [[1, 'empty_messages', '/messages']] },
  { name: 'message that is a string', input: `${chat('hi', assistant('a'))}\n`, errors: [[1, 'wrong_type', '/messages/0']] },
  { name: 'message that is null', input: `${chat(null, assistant('a'))}\n`, errors: [[1, 'wrong_type', '/messages/0']] },
  { name: 'role missing', input: `${chat({ content: 'q' }, assistant('a'))}\n`, errors: [[1, 'missing_role', '/messages/0/role']] },
  { name: 'role as a number', input: `${chat({ role: 1, content: 'q' }, assistant('a'))}\n`, errors: [[1, 'wrong_type', '/messages/0/role']] },
  { name: 'unknown role', input: `${chat({ role: 'bot', content: 'q' }, assistant('a'))}\n`, errors: [[1, 'invalid_role', '/messages/0/role']] },
  // The legacy role is converted to a tool message; without a function_call before it, it answers nothing.
  { name: 'legacy function role', input: `${chat(user('q'), { role: 'function', name: 'f', content: '{}' }, assistant('a'))}\n`, errors: [[1, 'invalid_tool_calls', '/messages/1']] },
  { name: 'role in the wrong case', input: `${chat({ role: 'User', content: 'q' }, assistant('a'))}\n`, errors: [[1, 'invalid_role', '/messages/0/role']] },
  { name: 'content missing', input: `${chat({ role: 'user' }, assistant('a'))}\n`, errors: [[1, 'missing_content', '/messages/0/content']] },
  { name: 'content null on a user message', input: `${chat(user(null), assistant('a'))}\n`, errors: [[1, 'missing_content', '/messages/0/content']] },
  { name: 'number as content', input: `${chat(user(42), assistant('a'))}\n`, errors: [[1, 'invalid_content_type', '/messages/0/content']] },
  { name: 'boolean as content', input: `${chat(user('q'), assistant(true))}\n`, errors: [[1, 'invalid_content_type', '/messages/1/content']] },
  { name: 'object as content', input: `${chat(user({ text: 'q' }), assistant('a'))}\n`, errors: [[1, 'invalid_content_type', '/messages/0/content']] },
  { name: 'image content part', input: `${chat(user([{ type: 'image_url', image_url: { url: 'x' } }]), assistant('a'))}\n`, errors: [[1, 'unsupported_content_part', '/messages/0/content/0/type']] },
  { name: 'text part without text', input: `${chat(user([{ type: 'text' }]), assistant('a'))}\n`, errors: [[1, 'missing_field', '/messages/0/content/0/text']] },
  { name: 'text part with numeric text', input: `${chat(user([{ type: 'text', text: 5 }]), assistant('a'))}\n`, errors: [[1, 'wrong_type', '/messages/0/content/0/text']] },
  { name: 'weight 0.5', input: `${chat(user('q'), assistant('a', { weight: 0.5 }))}\n`, errors: [[1, 'invalid_weight', '/messages/1/weight']] },
  { name: 'weight as a string', input: `${chat(user('q'), assistant('a', { weight: '1' }))}\n`, errors: [[1, 'wrong_type', '/messages/1/weight']] },
  { name: 'weight 1e999 (Infinity)', input: '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a","weight":1e999}]}\n', errors: [[1, 'invalid_weight', '/messages/1/weight']] },
  { name: 'weight on a user message', input: `${chat({ role: 'user', content: 'q', weight: 1 }, assistant('a'))}\n`, errors: [[1, 'invalid_weight', '/messages/0/weight']] },
  { name: 'name as a number', input: `${chat({ role: 'user', content: 'q', name: 7 }, assistant('a'))}\n`, errors: [[1, 'wrong_type', '/messages/0/name']] },
  { name: 'no assistant message', input: `${chat({ role: 'system', content: 's' }, user('q'))}\n`, errors: [[1, 'no_assistant_message', '/messages']] },
  { name: 'every assistant weight 0', input: `${chat(user('q'), assistant('a', { weight: 0 }))}\n`, errors: [[1, 'no_trained_messages', '/messages']] },
  { name: 'assistant content null without tool calls', input: `${chat(user('q'), assistant(null))}\n`, errors: [[1, 'missing_content', '/messages/1/content']] },
  { name: 'empty tool_calls and null content', input: `${chat(user('q'), assistant(null, { tool_calls: [] }))}\n`, errors: [[1, 'missing_content', '/messages/1/content']] },
  { name: 'tool_calls not an array', input: `${chat(user('q'), assistant(null, { tool_calls: {} }))}\n`, errors: [[1, 'wrong_type', '/messages/1/tool_calls']] },
  {
    name: 'tool call arguments as an object',
    input: `${chat(user('q'), assistant(null, { tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: { a: 1 } } }] }))}\n`,
    errors: [[1, 'wrong_type', '/messages/1/tool_calls/0/function/arguments']],
  },
  {
    name: 'tool call arguments that are not JSON',
    input: `${chat(user('q'), assistant(null, { tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{oops' } }] }))}\n`,
    errors: [[1, 'invalid_tool_calls', '/messages/1/tool_calls/0/function/arguments']],
  },
  {
    name: 'tool calls on a user message',
    input: `${chat({ role: 'user', content: 'q', tool_calls: [] }, assistant('a'))}\n`,
    errors: [[1, 'invalid_tool_calls', '/messages/0/tool_calls']],
  },
  { name: 'tools as an object', input: `${JSON.stringify({ ...chatRow(0), tools: { f: 1 } })}\n`, errors: [[1, 'wrong_type', '/tools']] },
  { name: 'tool without a function name', input: `${JSON.stringify({ ...chatRow(0), tools: [{ type: 'function', function: {} }] })}\n`, errors: [[1, 'missing_field', '/tools/0/function/name']] },
  { name: 'parallel_tool_calls as a string', input: `${JSON.stringify({ ...chatRow(0), parallel_tool_calls: 'no' })}\n`, errors: [[1, 'wrong_type', '/parallel_tool_calls']] },
  {
    name: 'every error in a message is reported, in order',
    input: `${chat({ role: 'bot', content: 1, weight: 3, name: false }, assistant('a'))}\n`,
    errors: [
      [1, 'invalid_role', '/messages/0/role'],
      [1, 'invalid_content_type', '/messages/0/content'],
      [1, 'invalid_weight', '/messages/0/weight'],
      [1, 'wrong_type', '/messages/0/name'],
    ],
  },

  // Formats
  { name: 'unknown format', input: `{"text":"hello"}\n${ok}\n`, errors: [[1, 'unknown_format', '']], also: (r) => expect(r.format).toBe('chat') },
  { name: 'object without known keys after the format is known', input: `${ok}\n{"text":"hello"}\n`, errors: [[2, 'missing_messages', '/messages']] },
  { name: 'mixed formats', input: `${ok}\n{"prompt":"p","completion":"c"}\n${ok2}\n`, errors: [[2, 'mixed_formats', '']] },
  { name: 'prompt as a number', input: '{"prompt":1,"completion":"c"}\n', errors: [[1, 'wrong_type', '/prompt']] },
  { name: 'completion missing', input: '{"prompt":"p"}\n', errors: [[1, 'missing_field', '/completion']] },
  { name: '__proto__ key is data, not a prototype', input: `{"__proto__":{"messages":1},${ok.slice(1)}\n`, errors: [], also: (r) => expect(r.warnings[0]!.message).toContain('/__proto__') },
  { name: 'repeated key: the last one wins, as in JSON.parse', input: `{"messages":5,${ok.slice(1)}\n`, errors: [] },
];

describe('hostile corpus', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const report = await validateText(c.input, { ...LINE_ERRORS_ONLY, ...c.options });
    expect(errorTriples(report)).toEqual(c.errors);
    expect(report.ok).toBe(c.errors.length === 0);
    expect(() => ValidationReportSchema.parse(report)).not.toThrow();
    // Every line counted invalid says why.
    expect(new Set(report.errors.items.flatMap((e) => (e.line === null ? [] : [e.line]))).size).toBe(report.lines.invalid);
    c.also?.(report);
  });
});

describe('parse failures', () => {
  it('maps a stack overflow inside JSON.parse (engines that recurse) to too_deep', () => {
    const overflow = new RangeError('Maximum call stack size exceeded');
    expect(describeParseFailure(overflow, '[[[[', 3)).toEqual({ ok: false, code: 'too_deep', message: 'JSON nests too deeply to parse' });
  });

  it('keeps invalid_json messages short even for huge lines', () => {
    const failure = describeParseFailure(new SyntaxError(`Unexpected token ${'x'.repeat(10_000)}`), 'x', 2);
    expect(failure.code).toBe('invalid_json');
    expect(failure.message.length).toBeLessThan(300);
  });
});

describe('hostile sizes', () => {
  it('skips a single 50 MB line without buffering it', async () => {
    const chunk = Buffer.alloc(1 << 20, 0x61);
    async function* fiftyMegabyteLine(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`${ok}\n{"messages":"`);
      for (let i = 0; i < 50; i++) yield chunk;
      yield Buffer.from(`"}\n${ok2}\n`);
    }
    const { validateDataset } = await import('../src');
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const report = await validateDataset(
      (async function* () {
        for await (const c of fiftyMegabyteLine()) {
          peak = Math.max(peak, process.memoryUsage().arrayBuffers);
          yield c;
        }
      })(),
      LINE_ERRORS_ONLY,
    );
    expect(errorTriples(report)).toEqual([[2, 'line_too_long', '']]);
    expect(report.errors.items[0]!.message).toContain(`${50 * (1 << 20) + 15} bytes`);
    expect(report.examples).toBe(2);
    // The 4 MiB carry buffer is the most a long line may cost.
    expect(peak - before).toBeLessThan(12 * (1 << 20));
  });

  it('handles 200k short lines with exact counts and the first 100 errors stored', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 100_000; i++) rows.push(`{"prompt":"p${i}","completion":"c"}`, '{"prompt":7}');
    const report = await validateText(rows.join('\n'));
    expect(report.examples).toBe(100_000);
    expect(report.lines).toEqual({ total: 200_000, blank: 0, invalid: 100_000 });
    expect(report.errors.total).toBe(200_000);
    expect(report.errors.counts).toEqual({ wrong_type: 100_000, missing_field: 100_000 });
    expect(report.errors.items).toHaveLength(100);
    expect(report.errors.truncated).toBe(true);
    expect(errorTriples(report).slice(0, 4)).toEqual([
      [2, 'wrong_type', '/prompt'],
      [2, 'missing_field', '/completion'],
      [4, 'wrong_type', '/prompt'],
      [4, 'missing_field', '/completion'],
    ]);
  });

  it('keeps at most maxStoredErrors', async () => {
    const report = await validateText('x\n'.repeat(30), { ...LINE_ERRORS_ONLY, maxStoredErrors: 5 });
    expect(report.errors.items.map((e) => e.line)).toEqual([1, 2, 3, 4, 5]);
    expect(report.errors.total).toBe(30);
  });

  it('survives 10k messages in one example', async () => {
    const messages = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? user(`q${i}`) : assistant(`a${i}`)));
    const report = await validateText(jsonl([{ messages }]), LINE_ERRORS_ONLY);
    expect(report.errors.total).toBe(0);
    expect(report.statistics.messages_per_example).toEqual({ min: 10_000, max: 10_000, mean: 10_000 });
  });

  it('bounds the unknown-field list for a row with thousands of distinct keys', async () => {
    const row: Record<string, unknown> = { ...chatRow(0) };
    for (let i = 0; i < 5000; i++) row[`k${i}`] = i;
    const report = await validateText(jsonl([row]), LINE_ERRORS_ONLY);
    const warning = report.warnings.find((w) => w.code === 'unknown_fields')!;
    expect(warning.message).toContain('4950 more');
    expect(warning.message.length).toBeLessThan(2000);
  });

  it('counts a file of only invalid lines as having no format and too few examples', async () => {
    const report = await validateText(chatRows(3).map((r) => r.slice(1)).join('\n'));
    expect(report.format).toBeNull();
    expect(errorTriples(report)).toEqual([
      [1, 'invalid_json', ''],
      [2, 'invalid_json', ''],
      [3, 'invalid_json', ''],
      [null, 'insufficient_examples', ''],
    ]);
  });
});
