import { ChatTemplateError, renderChat, type ChatMessage, type LoadedTokenizer } from '../src';
import { tinyTokenizer } from './helpers/tiny-tokenizer';

const H = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;

describe('chat template rendering', () => {
  let tokenizer: LoadedTokenizer;
  beforeAll(async () => {
    tokenizer = await tinyTokenizer();
  });

  const conversation: ChatMessage[] = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is 2+2?' },
    { role: 'assistant', content: ' 4 ' },
  ];

  it('renders a conversation in the Llama 3 layout (content trimmed, BOS first)', () => {
    expect(renderChat(tokenizer, conversation)).toBe(
      '<|begin_of_text|>' +
        '<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\n4<|eot_id|>',
    );
  });

  it('appends the assistant header when add_generation_prompt is set', () => {
    const prompt = renderChat(tokenizer, conversation.slice(0, 2), { addGenerationPrompt: true });
    expect(prompt).toBe(`<|begin_of_text|>${H('system')}Be brief.<|eot_id|>${H('user')}What is 2+2?<|eot_id|>${H('assistant')}`);
  });

  it('renders tools into the system turn, tool calls as JSON and tool results under ipython', () => {
    const tools = [{ type: 'function', function: { name: 'add', parameters: { type: 'object' } } }];
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Add 2 and 2' },
      { role: 'assistant', content: null, tool_calls: [{ type: 'function', function: { name: 'add', arguments: '{"a": 2, "b": 2}' } }] },
      { role: 'tool', content: '4' },
    ];
    expect(renderChat(tokenizer, messages, { tools })).toBe(
      `<|begin_of_text|>${H('system')}You can call these functions. To call one, answer with {"name": name, "parameters": arguments}.\n\n` +
        '{"type": "function", "function": {"name": "add", "parameters": {"type": "object"}}}<|eot_id|>' +
        `${H('user')}Add 2 and 2<|eot_id|>` +
        `${H('assistant')}{"name": "add", "parameters": {"a": 2, "b": 2}}<|eot_id|>` +
        `${H('ipython')}4<|eot_id|>`,
    );
  });

  it("surfaces the template's raise_exception message as a ChatTemplateError", () => {
    const misplacedSystem = [{ role: 'user', content: 'hi' }, { role: 'system', content: 'late' }];
    expect(() => renderChat(tokenizer, misplacedSystem)).toThrow(ChatTemplateError);
    expect(() => renderChat(tokenizer, misplacedSystem)).toThrow(/Unsupported role system/);
  });

  it('exposes bos_token and eos_token from tokenizer_config.json to the template', async () => {
    const custom = await tinyTokenizer('{{ bos_token }}|{% for m in messages %}{{ m.content }}{% endfor %}|{{ eos_token }}');
    expect(renderChat(custom, [{ role: 'user', content: 'x' }])).toBe('<|begin_of_text|>|x|<|eot_id|>');
  });

  it('picks the named template from a list: tool_use when tools are given, else default', async () => {
    const named = await tinyTokenizer([
      { name: 'default', template: 'plain:{{ messages[0].content }}' },
      { name: 'tool_use', template: 'tools:{{ tools | length }}' },
    ]);
    const messages = [{ role: 'user', content: 'q' }];
    expect(renderChat(named, messages)).toBe('plain:q');
    expect(renderChat(named, messages, { tools: [{ type: 'function' }] })).toBe('tools:1');
    expect(renderChat(named, messages, { templateName: 'tool_use', tools: [{}, {}] })).toBe('tools:2');
  });

  it('accepts templates with {% generation %} markers (rendered as plain text)', async () => {
    const marked = await tinyTokenizer('{% for m in messages %}{% generation %}{{ m.content }}{% endgeneration %}{% endfor %}');
    expect(renderChat(marked, [{ role: 'assistant', content: 'ok' }])).toBe('ok');
  });

  it('says so when the tokenizer has no chat template', async () => {
    const none = await tinyTokenizer(null);
    expect(() => renderChat(none, [{ role: 'user', content: 'x' }])).toThrow(/no chat template/);
  });
});
