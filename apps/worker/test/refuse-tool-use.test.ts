import { preferenceExample, supervisedExample, TrainingDataError } from '../src/training/read-examples';
import { refuseToolUse } from '../src/training/refuse-tool-use';

const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } };
const plain = { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] };

describe('training on a model whose chat template has no tool support', () => {
  const sft = refuseToolUse(supervisedExample, 'acme/no-tools');
  const dpo = refuseToolUse(preferenceExample, 'acme/no-tools');

  it('passes examples without tools through unchanged', () => {
    expect(sft(JSON.stringify(plain), 'file-1:1')).toEqual(plain);
    const pair = { input: { messages: [{ role: 'user', content: 'hi' }] }, preferred_output: [{ role: 'assistant', content: 'a' }], non_preferred_output: [{ role: 'assistant', content: 'b' }] };
    expect(dpo(JSON.stringify(pair), 'file-1:1')).toEqual(pair);
  });

  it.each([
    ['tool definitions', { ...plain, tools: [{ type: 'function', function: { name: 'get_weather' } }] }, '/tools'],
    ['an assistant tool call', { messages: [{ role: 'user', content: 'weather?' }, { role: 'assistant', tool_calls: [call] }] }, '/messages/1/tool_calls'],
    ['a tool result', { messages: [{ role: 'user', content: 'weather?' }, { role: 'tool', tool_call_id: 'call_1', content: 'sunny' }, { role: 'assistant', content: 'sunny' }] }, '/messages/1'],
  ])('fails the line that uses %s, naming the line, the field and the model', (_what, example, pointer) => {
    const run = () => sft(JSON.stringify(example), 'file-1:7');
    expect(run).toThrow(TrainingDataError);
    expect(run).toThrow(`file-1:7: ${pointer} uses tools, but acme/no-tools's chat template has no tool support`);
  });

  it('finds tool use in both answers of a preference pair', () => {
    const pair = { input: { messages: [{ role: 'user', content: 'weather?' }] }, preferred_output: [{ role: 'assistant', content: 'sunny' }], non_preferred_output: [{ role: 'assistant', tool_calls: [call] }] };
    expect(() => dpo(JSON.stringify(pair), 'file-2:3')).toThrow('file-2:3: /non_preferred_output/0/tool_calls uses tools');
  });
});
