import {
  ChatTemplateError,
  countExampleTokens,
  tokenizeChat,
  tokenizePromptCompletion,
  type ChatMessage,
  type LoadedTokenizer,
} from '../src';
import { tinyTokenizer } from './helpers/tiny-tokenizer';

const BOS = 378;
const START_HEADER = 380;
const END_HEADER = 381;
const EOT = 382;

describe('tokenizeChat: loss weights on assistant tokens only', () => {
  let tokenizer: LoadedTokenizer;
  const text = (s: string) => tokenizer.encode(s, { addSpecialTokens: false });
  const header = (role: string) => [START_HEADER, ...text(role), END_HEADER, ...text('\n\n')];
  beforeAll(async () => {
    tokenizer = await tinyTokenizer();
  });

  it('weights exactly the assistant content and its <|eot_id|>, nothing of system/user/headers', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello there!' },
    ];
    // Expected ids assembled piece by piece (each piece sits between special tokens, so encodes alone).
    const prompt = [BOS, ...header('system'), ...text('Be brief.'), EOT, ...header('user'), ...text('Hi'), EOT, ...header('assistant')];
    const answer = [...text('Hello there!'), EOT];

    const result = tokenizeChat(tokenizer, messages);
    expect(result.inputIds).toEqual([...prompt, ...answer]);
    expect(result.weights).toEqual([...prompt.map(() => 0), ...answer.map(() => 1)]);
    expect(tokenizer.decode(result.inputIds.slice(prompt.length))).toBe('Hello there!<|eot_id|>');
  });

  it('honours per-message weights: weight 0 turns are not trained on, fractional weights are kept', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'One' },
      { role: 'assistant', content: 'First answer', weight: 0 },
      { role: 'user', content: 'Two' },
      { role: 'assistant', content: 'Second answer', weight: 0.5 },
      { role: 'user', content: 'Three' },
      { role: 'assistant', content: 'Third answer' },
    ];
    const result = tokenizeChat(tokenizer, messages);
    const weightedText = (w: number) => tokenizer.decode(result.inputIds.filter((_, t) => result.weights[t] === w));
    expect(weightedText(0.5)).toBe('Second answer<|eot_id|>');
    expect(weightedText(1)).toBe('Third answer<|eot_id|>');
    expect(result.assistantSpans.map((s) => s.messageIndex)).toEqual([3, 5]);
    const trained = result.weights.filter((w) => w > 0).length;
    expect(trained).toBe(text('Second answer').length + 1 + text('Third answer').length + 1);
  });

  it('trains on assistant tool calls but not on tool results', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Add 2 and 2' },
      { role: 'assistant', tool_calls: [{ function: { name: 'add', arguments: { a: 2, b: 2 } } }] },
      { role: 'tool', content: '4' },
      { role: 'assistant', content: 'It is 4.' },
    ];
    const result = tokenizeChat(tokenizer, messages);
    const spans = result.assistantSpans.map((s) => tokenizer.decode(result.inputIds.slice(s.start, s.end)));
    expect(spans).toEqual(['{"name": "add", "parameters": {"a": 2, "b": 2}}<|eot_id|>', 'It is 4.<|eot_id|>']);
    expect(result.weights.reduce((a, b) => a + b, 0)).toBe(spans.reduce((n, s) => n + text(s.replace('<|eot_id|>', '')).length + 1, 0));
  });

  it('gives a token that straddles the turn boundary to the assistant (it holds the reply\'s first character)', async () => {
    // No special tokens between turns: " the" is one pre-token and one token ("Ġthe"), across the boundary.
    const plain = await tinyTokenizer(
      '{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}{% if add_generation_prompt %}assistant: {% endif %}',
    );
    const result = tokenizeChat(plain, [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'the end' },
    ]);
    expect(result.text).toBe('user: Hi\nassistant: the end\n');
    const span = result.assistantSpans[0]!;
    expect(plain.idToToken(result.inputIds[span.start]!)).toBe('Ġthe');
    expect(plain.decode(result.inputIds.slice(span.start, span.end))).toBe(' the end\n');
    expect(plain.decode(result.inputIds.slice(0, span.start))).toBe('user: Hi\nassistant:');
  });

  it('rejects a template whose earlier output changes when messages are added', async () => {
    const counting = await tinyTokenizer('{{ messages | length }}{% for m in messages %}|{{ m.content }}{% endfor %}');
    expect(() => tokenizeChat(counting, [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }])).toThrow(ChatTemplateError);
  });

  it('rejects negative or non-finite weights, naming the message', () => {
    const messages = [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', weight: -1 }];
    expect(() => tokenizeChat(tokenizer, messages)).toThrow(/message 1: weight/);
  });

  it('tokenizes prompt/completion as [BOS] prompt completion [EOS] with weight on completion and EOS', () => {
    const result = tokenizePromptCompletion(tokenizer, { prompt: 'The capital of France is', completion: ' Paris.' });
    const prompt = [BOS, ...text('The capital of France is')];
    const completion = [...text(' Paris.'), EOT];
    expect(result.inputIds).toEqual([...prompt, ...completion]);
    expect(result.weights).toEqual([...prompt.map(() => 0), ...completion.map(() => 1)]);
    expect(result.promptLength).toBe(prompt.length);
  });

  it('counts tokens of an example without locating spans, matching the full tokenization', () => {
    const chat = { messages: [{ role: 'user', content: 'Hi there' }, { role: 'assistant', content: 'Hello! How can I help?' }] };
    expect(countExampleTokens(tokenizer, chat)).toBe(tokenizeChat(tokenizer, chat.messages).inputIds.length);
    const pc = { prompt: 'Q: two plus two?', completion: ' A: four' };
    expect(countExampleTokens(tokenizer, pc)).toBe(tokenizePromptCompletion(tokenizer, pc).inputIds.length);
  });
});
