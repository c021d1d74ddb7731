import type { ChatMessage, Example } from '@whetstone/datasets';
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
