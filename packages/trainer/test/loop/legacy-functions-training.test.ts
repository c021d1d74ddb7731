import { tokenizeSupervisedExample } from '../../src/data/tokenize-supervised';
import { parseSupervisedLine } from '../../src/loop/read-examples-jsonl';
import { runSupervisedTraining } from '../../src/loop/run-supervised-training';
import { parseSftHyperparameters } from '../../src/loop/sft-hyperparameters';
import { loadTaskModel, RUNTIME, type TaskModel } from '../learning/learning-run';

/** Legacy function-calling lines train as the tools shape OpenAI converts them to. */
let task: TaskModel;
beforeAll(async () => {
  task = await loadTaskModel();
});

const weather = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const legacyLine = (i: number) =>
  JSON.stringify({
    functions: [weather],
    messages: [
      { role: 'user', content: `weather in city ${i}?` },
      { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: `{"city":"c${i}"}` } },
      { role: 'function', name: 'get_weather', content: `{"c":${i}}` },
      { role: 'assistant', content: `it is ${i} degrees` },
    ],
  });

describe('legacy functions / function_call examples in training', () => {
  it('parses them into tools and tool_calls, renders them through the chat template and trains on them', async () => {
    const example = parseSupervisedLine(legacyLine(1), 'train.jsonl:1');
    expect(example).toMatchObject({
      tools: [{ type: 'function', function: weather }],
      messages: [
        { role: 'user' },
        { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"c1"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"c":1}' },
        { role: 'assistant', content: 'it is 1 degrees' },
      ],
    });
    const legacy = tokenizeSupervisedExample(task.tokenizer, example);
    const plain = tokenizeSupervisedExample(task.tokenizer, { messages: [{ role: 'user', content: 'weather in city 1?' }, { role: 'assistant', content: 'it is 1 degrees' }] });
    // The tool definition, the call and its result are in the rendered tokens, not dropped.
    expect(legacy.inputIds.length).toBeGreaterThan(plain.inputIds.length + 10);
    expect(task.tokenizer.decode(legacy.inputIds)).toContain('get_weather');

    const examples = Array.from({ length: 8 }, (_, i) => parseSupervisedLine(legacyLine(i), `train.jsonl:${i + 1}`));
    const steps: number[] = [];
    const result = await runSupervisedTraining(
      {
        config: task.model.config,
        weights: task.model.weights,
        tokenizer: task.tokenizer,
        trainExamples: examples,
        hyperparameters: parseSftHyperparameters({ batchSize: 4, maxSteps: 2, seed: 1 }),
        runtime: RUNTIME,
      },
      { onStep: (m) => void steps.push(m.loss) },
    );
    expect(result.status).toBe('completed');
    expect(steps).toHaveLength(2);
    expect(steps.every((loss) => Number.isFinite(loss) && loss > 0)).toBe(true);
  }, 60_000);

  it('names the line and the field of a malformed legacy example', () => {
    const bad = JSON.stringify({ messages: [{ role: 'user', content: 'q' }, { role: 'function', name: 'f', content: 'x' }] });
    expect(() => parseSupervisedLine(bad, 'train.jsonl:3')).toThrow('train.jsonl:3: messages/1: function message "f" answers no earlier function_call of that name');
  });
});
