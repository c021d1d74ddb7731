import { Readable } from 'node:stream';
import { validateDataset, type ChatMessage, type Example } from '@whetstone/datasets';
import { buildTinyTokenizer, loadTokenizer, renderChat, type LoadedTokenizer } from '@whetstone/tokenizer';
import { tokenizerTokenCounter } from '../../src/files/token-counter';

describe('tokenizerTokenCounter', () => {
  let tokenizer: LoadedTokenizer;
  beforeAll(async () => {
    const files = buildTinyTokenizer();
    tokenizer = await loadTokenizer({ tokenizerJson: files.tokenizerJson, tokenizerConfig: files.tokenizerConfig });
  });
  const encoded = (text: string) => tokenizer.encode(text, { addSpecialTokens: false }).length;
  const rendered = (messages: ChatMessage[]) => encoded(renderChat(tokenizer, messages as never));

  const conversation: ChatMessage[] = [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: "What's 2+2?  Answer <|eot_id|> quickly." },
    { role: 'assistant', content: 'It is 4 🙂', weight: 1 },
    { role: 'user', content: 'Thanks!\n\n' },
    { role: 'assistant', content: 'You are welcome.', weight: 0 },
  ];

  it('counts a chat example as its rendered template encodes, and its weighted assistant turns', () => {
    const count = tokenizerTokenCounter(tokenizer).countExample({ format: 'chat', messages: conversation });
    expect(count).toEqual({ total: rendered(conversation), trained: encoded('It is 4 🙂') + 1 });
  });

  it('counts prompt/completion pairs as [BOS] prompt completion [EOS], encoded separately', () => {
    const example: Example = { format: 'prompt_completion', prompt: 'Translate: chat ', completion: ' cat' };
    expect(tokenizerTokenCounter(tokenizer).countExample(example)).toEqual({
      total: 1 + encoded('Translate: chat ') + encoded(' cat') + 1,
      trained: encoded(' cat') + 1,
    });
  });

  it('counts the longer side of preference pairs, and bills both sequences (the trainer runs both)', () => {
    const input = { messages: conversation.slice(0, 2) };
    const preferred: ChatMessage[] = [{ role: 'assistant', content: 'Four.' }];
    const rejected: ChatMessage[] = [{ role: 'assistant', content: 'Probably five, but let me think about it for a while.' }];
    const counter = tokenizerTokenCounter(tokenizer);
    const count = counter.countExample({ format: 'preference', input, preferred_output: preferred, non_preferred_output: rejected });
    expect(count.total).toBe(rendered([...input.messages, ...rejected]));
    expect(count.processed).toBe(rendered([...input.messages, ...preferred]) + rendered([...input.messages, ...rejected]));
    const trl = counter.countExample({ format: 'preference_trl', prompt: 'Q: 2+2?', chosen: ' 4', rejected: ' 5 or so' });
    expect(trl).toEqual({
      total: encoded('Q: 2+2?') + encoded(' 5 or so') + 1,
      trained: encoded(' 4') + encoded(' 5 or so') + 2,
      processed: 2 * encoded('Q: 2+2?') + encoded(' 4') + encoded(' 5 or so') + 2,
    });
  });
});

describe('chat templates without tool support', () => {
  const NO_TOOLS_TEMPLATE = "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}\n{% endfor %}";
  const tools = [{ type: 'function', function: { name: 'get_weather' } }];

  it('are detected: the counter says it cannot render tools (the tiny template can)', async () => {
    const files = buildTinyTokenizer();
    const plain = await loadTokenizer({ tokenizerJson: files.tokenizerJson, tokenizerConfig: { ...files.tokenizerConfig, chat_template: NO_TOOLS_TEMPLATE } });
    const tiny = await loadTokenizer({ tokenizerJson: files.tokenizerJson, tokenizerConfig: files.tokenizerConfig });
    expect(tokenizerTokenCounter(plain, 'acme/plain').supportsTools).toBe(false);
    expect(tokenizerTokenCounter(tiny).supportsTools).toBe(true);
  });

  it('turn every line that uses tools into a validation error naming the line, field and reason', async () => {
    const files = buildTinyTokenizer();
    const plain = await loadTokenizer({ tokenizerJson: files.tokenizerJson, tokenizerConfig: { ...files.tokenizerConfig, chat_template: NO_TOOLS_TEMPLATE } });
    const call = { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] };
    const lines = [
      JSON.stringify({ tools, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }),
      JSON.stringify({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'plain answer' }] }),
      JSON.stringify({ messages: [{ role: 'user', content: 'q' }, call, { role: 'tool', tool_call_id: 'c1', content: '1' }, { role: 'assistant', content: 'a' }] }),
      JSON.stringify({ functions: [{ name: 'legacy' }], messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'b' }] }),
    ];
    const report = await validateDataset(Readable.from([Buffer.from(lines.join('\n') + '\n')]), { tokenCounter: tokenizerTokenCounter(plain, 'acme/plain'), minExamples: 0, recommendedExamples: 0 });
    expect(report.errors.items.map((e) => [e.line, e.code, e.pointer])).toEqual([
      [1, 'tools_not_supported', '/tools'],
      [3, 'tools_not_supported', '/messages/1/tool_calls'],
      [4, 'tools_not_supported', '/tools'],
    ]);
    expect(report.errors.items[0]!.message).toBe("acme/plain's chat template has no tool support: tools, tool calls and tool results would be dropped from training");
  });
});
