import type { Example } from '../src';
import { LINE_ERRORS_ONLY, errorTriples, jsonl, validateText } from './helpers/sources';

/** OpenAI's legacy function-calling examples validate as the tools shape they are converted to. */
async function examplesOf(rows: unknown[]) {
  const examples: Example[] = [];
  const report = await validateText(jsonl(rows), { ...LINE_ERRORS_ONLY, onExample: (v) => examples.push(v.example) });
  return { examples, report };
}

const weather = { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

describe('legacy functions / function_call chat examples', () => {
  it('converts functions to tools, function_call to tool_calls and function replies to tool messages', async () => {
    const { examples, report } = await examplesOf([
      {
        messages: [
          { role: 'user', content: 'Weather in Oslo, then Bergen?' },
          { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
          { role: 'function', name: 'get_weather', content: '{"c":3}' },
          { role: 'assistant', function_call: { name: 'get_weather', arguments: '{"city":"Bergen"}' } },
          { role: 'function', name: 'get_weather', content: '{"c":7}' },
          { role: 'assistant', content: 'Oslo 3 °C, Bergen 7 °C.' },
        ],
        functions: [weather],
        function_call: 'auto',
      },
    ]);
    expect(errorTriples(report)).toEqual([]);
    expect(report.warnings.map((w) => w.code)).not.toContain('unknown_fields');
    expect(examples).toEqual([
      {
        format: 'chat',
        tools: [{ type: 'function', function: weather }],
        messages: [
          { role: 'user', content: 'Weather in Oslo, then Bergen?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
          { role: 'tool', name: 'get_weather', content: '{"c":3}', tool_call_id: 'call_1' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_3', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Bergen"}' } }] },
          { role: 'tool', name: 'get_weather', content: '{"c":7}', tool_call_id: 'call_3' },
          { role: 'assistant', content: 'Oslo 3 °C, Bergen 7 °C.' },
        ],
      },
    ]);
  });

  it('reports a malformed legacy example per line, with the field and the reason', async () => {
    const user = { role: 'user', content: 'q' };
    const { report } = await examplesOf([
      { messages: [user, { role: 'assistant', function_call: { name: 'f' } }] },
      { messages: [user, { role: 'function', name: 'f', content: 'x' }, { role: 'assistant', content: 'a' }] },
      { messages: [user, { role: 'assistant', content: 'a' }], functions: [weather], tools: [{ type: 'function', function: weather }] },
      { messages: [user, { role: 'assistant', content: 'a' }], functions: [{ description: 'no name' }] },
    ]);
    const triples = errorTriples(report);
    expect(triples).toContainEqual([1, 'invalid_tool_calls', '/messages/1/function_call']);
    expect(triples).toContainEqual([2, 'invalid_tool_calls', '/messages/1']);
    expect(triples).toContainEqual([3, 'invalid_tool_calls', '/functions']);
    expect(triples).toContainEqual([4, 'invalid_tool_calls', '/functions/0']);
    const messages = report.errors.items.map((e) => e.message);
    expect(messages).toContain('function_call must be {"name": string, "arguments": JSON-encoded string}');
    expect(messages).toContain('function message "f" answers no earlier function_call of that name');
    expect(messages).toContain('give either "functions" (legacy) or "tools", not both');
  });
});
