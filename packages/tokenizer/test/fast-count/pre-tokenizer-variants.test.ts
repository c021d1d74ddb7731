import { buildTinyTokenizer, createFastTokenCounter, loadTokenizer, TINY_SPECIAL_TOKENS, type LoadedTokenizer } from '../../src';
import { mismatches } from './mismatches';
import { randomTexts } from './random-text';
import { sentencePieceStyleTokenizer } from './sentencepiece-style';

/**
 * The tiny tokenizer's vocabulary and merges behind other pre-tokenizers, normalizers and
 * added-token options: each setup must count exactly as its full encode, in whichever mode
 * the counter picks for it.
 */
const tiny = buildTinyTokenizer();
const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false };
const LLAMA3_REGEX = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;
const split = (pattern: object, behavior = 'Isolated', invert = false) => ({ type: 'Split', pattern, behavior, invert });
const sequence = (...pretokenizers: object[]) => ({ type: 'Sequence', pretokenizers });

interface Variant {
  name: string;
  mode: 'pieces' | 'full-encode';
  preTokenizer?: object | null;
  normalizer?: object | null;
  /** Changes to every added token (lstrip, normalized, ...). */
  addedTokens?: object;
  config?: object;
}

const VARIANTS: Variant[] = [
  { name: 'Llama 3 Split + ByteLevel', mode: 'pieces', preTokenizer: sequence(split({ Regex: LLAMA3_REGEX }), BYTE_LEVEL) },
  { name: 'ByteLevel regex with prefix space', mode: 'pieces', preTokenizer: { ...BYTE_LEVEL, use_regex: true, add_prefix_space: true } },
  { name: 'WhitespaceSplit', mode: 'pieces', preTokenizer: sequence(sequence({ type: 'WhitespaceSplit' }), BYTE_LEVEL) },
  { name: 'Whitespace', mode: 'pieces', preTokenizer: sequence({ type: 'Whitespace' }, BYTE_LEVEL) },
  { name: 'Digits then ByteLevel regex', mode: 'pieces', preTokenizer: sequence({ type: 'Digits', individual_digits: true }, { ...BYTE_LEVEL, use_regex: true }) },
  { name: 'Punctuation', mode: 'pieces', preTokenizer: sequence({ type: 'Punctuation', behavior: 'Isolated' }, BYTE_LEVEL) },
  { name: 'BertPreTokenizer', mode: 'pieces', preTokenizer: sequence({ type: 'BertPreTokenizer' }, BYTE_LEVEL) },
  { name: 'Split on a String, removed', mode: 'pieces', preTokenizer: sequence(split({ String: ' ' }, 'Removed'), BYTE_LEVEL) },
  { name: 'Split on a Regex, removed', mode: 'pieces', preTokenizer: sequence(split({ Regex: '\\s+' }, 'Removed'), BYTE_LEVEL) },
  { name: 'Split, inverted', mode: 'pieces', preTokenizer: sequence(split({ Regex: '[a-z]+' }, 'Isolated', true), BYTE_LEVEL) },
  { name: 'Split matching empty strings', mode: 'pieces', preTokenizer: sequence(split({ Regex: '(?=[A-Z])|x*' }, 'MergedWithNext'), BYTE_LEVEL) },
  { name: 'NFKC + Lowercase normalizer', mode: 'pieces', preTokenizer: sequence(split({ Regex: LLAMA3_REGEX }), BYTE_LEVEL), normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] } },
  {
    name: 'normalized added tokens with lstrip/rstrip',
    mode: 'pieces',
    preTokenizer: { ...BYTE_LEVEL, use_regex: true },
    normalizer: { type: 'NFC' },
    addedTokens: { normalized: true, lstrip: true, rstrip: true },
  },
  { name: 'added tokens with lstrip/rstrip', mode: 'pieces', preTokenizer: { ...BYTE_LEVEL, use_regex: true }, addedTokens: { lstrip: true, rstrip: true } },
  { name: 'remove_space and lowercasing config', mode: 'pieces', preTokenizer: { ...BYTE_LEVEL, use_regex: true }, config: { remove_space: true, do_lowercase_and_remove_accent: true } },
  { name: 'no pre-tokenizer', mode: 'full-encode', preTokenizer: null },
  { name: 'ByteLevel without regex only', mode: 'full-encode', preTokenizer: BYTE_LEVEL },
  { name: 'Metaspace (words cut at markers)', mode: 'pieces', preTokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always' } },
  { name: 'Metaspace "first" after a split', mode: 'full-encode', preTokenizer: sequence({ type: 'WhitespaceSplit' }, { type: 'Metaspace', prepend_scheme: 'first' }) },
];

async function variantTokenizer(variant: Variant): Promise<LoadedTokenizer> {
  const json = tiny.tokenizerJson as { added_tokens: object[] };
  const tokenizerJson = {
    ...json,
    ...('preTokenizer' in variant ? { pre_tokenizer: variant.preTokenizer } : {}),
    ...('normalizer' in variant ? { normalizer: variant.normalizer } : {}),
    added_tokens: json.added_tokens.map((token) => ({ ...token, ...variant.addedTokens })),
  };
  const { added_tokens_decoder: _decoder, ...config } = tiny.tokenizerConfig;
  return loadTokenizer({ tokenizerJson, tokenizerConfig: { ...config, ...variant.config } });
}

describe('fast token counter on other tokenizer setups', () => {
  const texts = randomTexts(11, 400, [...TINY_SPECIAL_TOKENS, ' <|eot_id|> ', '<|EOT_ID|>']);

  it.each(VARIANTS.map((variant) => [variant.name, variant] as const))('%s: counts exactly', async (_name, variant) => {
    const tokenizer = await variantTokenizer(variant);
    const counter = createFastTokenCounter(tokenizer);
    expect({ mode: counter.mode, description: counter.description }).toEqual({ mode: variant.mode, description: expect.any(String) });
    expect(mismatches(tokenizer, texts, counter).slice(0, 3)).toEqual([]);
  });
});

describe('fast token counter on SentencePiece-style BPE (Metaspace or Prepend/Replace, byte fallback, fuse_unk)', () => {
  const texts = randomTexts(13, 600, ['<s>', '</s>', '<unk>', ' </s> ']);

  it.each([
    ['Metaspace (Mistral layout)', {}, 'pieces'],
    ['Prepend + Replace normalizer (Llama 2 layout)', { normalizerLayout: true }, 'pieces'],
    ['a merge across a word start', { mergeAcrossWords: true }, 'full-encode'],
  ] as const)('%s: counts exactly', async (_name, options, mode) => {
    const tokenizer = await loadTokenizer(sentencePieceStyleTokenizer(options));
    const counter = createFastTokenCounter(tokenizer);
    expect(counter.mode).toBe(mode);
    if (mode === 'full-encode') expect(counter.description).toMatch(/merge "e ▁" joins across a word start/);
    expect(mismatches(tokenizer, texts, counter).slice(0, 3)).toEqual([]);
  });
});
