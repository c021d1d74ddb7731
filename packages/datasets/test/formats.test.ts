import { detectFormat, trainingMethodForFormat, type Example, type ValidateDatasetOptions } from '../src';
import { LINE_ERRORS_ONLY, errorTriples, jsonl, validateText } from './helpers/sources';

async function examplesOf(rows: unknown[], options: ValidateDatasetOptions = {}): Promise<{ examples: Example[]; report: Awaited<ReturnType<typeof validateText>> }> {
  const examples: Example[] = [];
  const report = await validateText(jsonl(rows), { ...LINE_ERRORS_ONLY, ...options, onExample: (v) => examples.push(v.example) });
  return { examples, report };
}

describe('format detection', () => {
  it.each([
    [{ messages: [] }, 'chat'],
    [{ prompt: 'p', completion: 'c' }, 'prompt_completion'],
    [{ completion: 'c' }, 'prompt_completion'],
    [{ input: {}, preferred_output: [], non_preferred_output: [] }, 'preference'],
    [{ preferred_output: [] }, 'preference'],
    [{ prompt: 'p', chosen: 'a', rejected: 'b' }, 'preference_trl'],
    [{ text: 'hello' }, undefined],
  ] as const)('%j is %s', (row, format) => {
    expect(detectFormat(row)).toBe(format);
  });

  it('maps formats to the fine-tuning method that trains on them', () => {
    expect(trainingMethodForFormat('chat')).toBe('supervised');
    expect(trainingMethodForFormat('prompt_completion')).toBe('supervised');
    expect(trainingMethodForFormat('preference')).toBe('dpo');
    expect(trainingMethodForFormat('preference_trl')).toBe('dpo');
  });
});

describe('chat format', () => {
  it('normalises messages: joins text parts, keeps weight, name, tool calls and tools', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const { examples, report } = await examplesOf([
      {
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: [{ type: 'text', text: 'weather in ' }, { type: 'text', text: 'Oslo?' }], name: 'kim' },
          { role: 'assistant', content: 'thinking', weight: 0 },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '{"c":3}' },
          { role: 'assistant', content: 'It is 3°C.', weight: 1 },
        ],
        tools,
        parallel_tool_calls: false,
      },
    ]);
    expect(report.errors.total).toBe(0);
    expect(report.format).toBe('chat');
    expect(examples).toEqual([
      {
        format: 'chat',
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'weather in Oslo?', name: 'kim' },
          { role: 'assistant', content: 'thinking', weight: 0 },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
          },
          { role: 'tool', content: '{"c":3}', tool_call_id: 'call_1' },
          { role: 'assistant', content: 'It is 3°C.', weight: 1 },
        ],
        tools,
      },
    ]);
  });

  it('warns about empty system prompts, empty content and a trailing user turn, per example', async () => {
    const { report } = await examplesOf([
      { messages: [{ role: 'system', content: '' }, { role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] },
      { messages: [{ role: 'user', content: '' }, { role: 'assistant', content: '' }, { role: 'user', content: 'more?' }] },
    ]);
    expect(report.ok).toBe(true);
    expect(report.warnings.map((w) => [w.code, w.count, w.lines])).toEqual([
      ['empty_system_prompt', 1, [1]],
      ['empty_content', 1, [2]],
      ['last_message_not_assistant', 1, [2]],
    ]);
  });

  it('allows unknown fields but names them in one warning', async () => {
    const { report } = await examplesOf([
      { id: 1, messages: [{ role: 'user', content: 'q', refusal: null }, { role: 'assistant', content: 'a' }] },
      { id: 2, metadata: {}, messages: [{ role: 'user', content: 'q2' }, { role: 'assistant', content: 'a' }] },
    ]);
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([
      {
        code: 'unknown_fields',
        message: 'ignored fields not used for training: /id (2×), /messages/*/refusal (1×), /metadata (1×)',
        count: 2,
        lines: [1, 2],
      },
    ]);
  });
});

describe('prompt/completion format', () => {
  it('accepts string prompt and completion and warns on an empty completion', async () => {
    const { examples, report } = await examplesOf([
      { prompt: 'Translate: cat', completion: 'chat' },
      { prompt: '', completion: '' },
    ]);
    expect(report.format).toBe('prompt_completion');
    expect(report.errors.total).toBe(0);
    expect(examples).toEqual([
      { format: 'prompt_completion', prompt: 'Translate: cat', completion: 'chat' },
      { format: 'prompt_completion', prompt: '', completion: '' },
    ]);
    expect(report.warnings.map((w) => [w.code, w.lines])).toEqual([['empty_content', [2]]]);
  });
});

const pref = (preferred: unknown, nonPreferred: unknown, input: unknown = { messages: [{ role: 'user', content: 'q' }] }): unknown => ({
  input,
  preferred_output: preferred,
  non_preferred_output: nonPreferred,
});
const reply = (content: string, role = 'assistant'): unknown[] => [{ role, content }];

describe('OpenAI preference format', () => {
  it('accepts a valid pair and normalises it', async () => {
    const { examples, report } = await examplesOf([pref(reply('good'), reply('bad'), { messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }], tools: [] })]);
    expect(report.format).toBe('preference');
    expect(report.errors.total).toBe(0);
    expect(examples).toEqual([
      {
        format: 'preference',
        input: { messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }], tools: [] },
        preferred_output: [{ role: 'assistant', content: 'good' }],
        non_preferred_output: [{ role: 'assistant', content: 'bad' }],
      },
    ]);
  });

  it('reports precise errors for broken pairs', async () => {
    const { report } = await examplesOf([
      pref(reply('good', 'user'), reply('bad')),
      pref(reply('same'), reply('same')),
      pref([...reply('a'), ...reply('b')], reply('c')),
      pref(reply('a'), reply('b'), null),
      { preferred_output: reply('a'), non_preferred_output: reply('b') },
      pref(reply('a'), reply('b'), { messages: [] }),
      pref(reply('a'), reply('b'), { prompt: 'q' }),
      pref(reply('a'), 'b'),
      pref([], reply('b')),
      pref([{ role: 'assistant', content: 'a', weight: 1 }], reply('b')),
      pref(reply('a'), reply('b'), 'q'),
    ]);
    expect(errorTriples(report)).toEqual([
      [1, 'preference_output_not_assistant', '/preferred_output/0/role'],
      [2, 'identical_preference_outputs', '/non_preferred_output'],
      [3, 'invalid_preference_output_length', '/preferred_output'],
      [4, 'wrong_type', '/input'],
      [5, 'missing_field', '/input'],
      [6, 'empty_messages', '/input/messages'],
      [7, 'missing_messages', '/input/messages'],
      [8, 'wrong_type', '/non_preferred_output'],
      [9, 'invalid_preference_output_length', '/preferred_output'],
      [10, 'invalid_weight', '/preferred_output/0/weight'],
      [11, 'wrong_type', '/input'],
    ]);
  });

  it('warns when preferred outputs are systematically longer', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => pref(reply(`a much longer and more detailed answer ${i}`), reply(`short ${i}`)));
    const { report } = await examplesOf(rows);
    const bias = report.warnings.find((w) => w.code === 'preference_length_bias');
    expect(bias?.count).toBe(20);
    expect(bias?.message).toMatch(/^preferred outputs are on average \d+\.\d× as long/);
  });
});

describe('TRL preference format', () => {
  it('accepts standard (string) and conversational rows', async () => {
    const standard = await examplesOf([{ prompt: 'q', chosen: 'good', rejected: 'bad' }]);
    expect(standard.report.format).toBe('preference_trl');
    expect(standard.examples).toEqual([{ format: 'preference_trl', prompt: 'q', chosen: 'good', rejected: 'bad' }]);

    const conversational = await examplesOf([{ prompt: [{ role: 'user', content: 'q' }], chosen: reply('good'), rejected: reply('bad') }]);
    expect(conversational.report.errors.total).toBe(0);
    expect(conversational.examples[0]).toEqual({
      format: 'preference_trl',
      prompt: [{ role: 'user', content: 'q' }],
      chosen: [{ role: 'assistant', content: 'good' }],
      rejected: [{ role: 'assistant', content: 'bad' }],
    });
  });

  it('reports identical outputs, mixed styles, wrong roles and missing parts', async () => {
    const { report } = await examplesOf([
      { prompt: 'q', chosen: 'same', rejected: 'same' },
      { prompt: 'q', chosen: reply('good'), rejected: 'bad' },
      { prompt: [{ role: 'user', content: 'q' }], chosen: reply('good', 'user'), rejected: reply('bad') },
      { prompt: 'q', chosen: 'good' },
      { prompt: 5, chosen: 'a', rejected: 'b' },
      { prompt: [{ role: 'user', content: 'q' }], chosen: [], rejected: reply('b') },
    ]);
    expect(errorTriples(report)).toEqual([
      [1, 'identical_preference_outputs', '/rejected'],
      [2, 'wrong_type', '/chosen'],
      [3, 'preference_output_not_assistant', '/chosen/0/role'],
      [4, 'missing_field', '/rejected'],
      [5, 'wrong_type', '/prompt'],
      [6, 'invalid_preference_output_length', '/chosen'],
    ]);
  });
});
