import { byteLevelAlphabet } from './byte-level-alphabet';
import { learnBpeMerges } from './learn-bpe-merges';
import { LLAMA3_STYLE_CHAT_TEMPLATE } from './llama3-style-chat-template';
import { TINY_CORPUS } from './tiny-corpus';

/** The special tokens of the tiny tokenizer, in id order after the BPE vocabulary (as in Llama 3). */
export const TINY_SPECIAL_TOKENS = [
  '<|begin_of_text|>',
  '<|end_of_text|>',
  '<|start_header_id|>',
  '<|end_header_id|>',
  '<|eot_id|>',
  '<|pad|>',
] as const;

/** 256 bytes + 122 merged pieces + 6 special tokens: a multiple of 64 (friendly matmul shapes). */
export const TINY_DEFAULT_VOCAB_SIZE = 384;

export interface TinyTokenizerOptions {
  /** Total vocabulary size including bytes and special tokens (smaller if the corpus runs out of pairs). */
  vocabSize?: number;
  /** Written to tokenizer_config.json; the length the tiny model is meant for. */
  modelMaxLength?: number;
}

export interface TinyTokenizerFiles {
  /** Contents of tokenizer.json. */
  tokenizerJson: Record<string, unknown>;
  /** Contents of tokenizer_config.json, including the chat template. */
  tokenizerConfig: Record<string, unknown>;
  vocabSize: number;
  specialTokenIds: Record<(typeof TINY_SPECIAL_TOKENS)[number], number>;
}

/**
 * Builds a small byte-level BPE tokenizer in the Hugging Face tokenizer.json format, the same
 * family as Llama 3's (ByteLevel pre-tokenizer and decoder, BPE model, BOS added by a
 * TemplateProcessing post-processor), with Llama 3's chat special tokens. Any UTF-8 text encodes
 * (every byte is a token), so it round-trips losslessly. Pure function of its options: building it
 * twice gives identical JSON, which keeps tiny test models byte-identical across runs.
 */
export function buildTinyTokenizer(options: TinyTokenizerOptions = {}): TinyTokenizerFiles {
  const alphabet = byteLevelAlphabet();
  const targetVocabSize = options.vocabSize ?? TINY_DEFAULT_VOCAB_SIZE;
  if (targetVocabSize < alphabet.length + TINY_SPECIAL_TOKENS.length) {
    throw new Error(`buildTinyTokenizer: vocabSize must be at least ${alphabet.length + TINY_SPECIAL_TOKENS.length} (bytes + special tokens)`);
  }
  const merges = learnBpeMerges(TINY_CORPUS, targetVocabSize - alphabet.length - TINY_SPECIAL_TOKENS.length, alphabet);

  // Byte b has id b; merged pieces follow in merge order; special tokens come last.
  const ids = new Map<string, number>(alphabet.map((symbol, byte) => [symbol, byte]));
  for (const [left, right] of merges) if (!ids.has(left + right)) ids.set(left + right, ids.size);
  const vocab = Object.fromEntries(ids);
  const firstSpecialId = ids.size;
  const specialTokenIds = Object.fromEntries(
    TINY_SPECIAL_TOKENS.map((content, i) => [content, firstSpecialId + i]),
  ) as TinyTokenizerFiles['specialTokenIds'];
  const addedTokens = TINY_SPECIAL_TOKENS.map((content) => ({
    id: specialTokenIds[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  const bos = '<|begin_of_text|>';
  const bosId = specialTokenIds[bos];

  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: bos, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: bos, type_id: 1 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { [bos]: { id: bos, ids: [bosId], tokens: [bos] } },
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      // "left right" strings: the format every tokenizers version reads (byte-level symbols never contain a space).
      merges: merges.map(([left, right]) => `${left} ${right}`),
    },
  };

  const tokenizerConfig = {
    added_tokens_decoder: Object.fromEntries(addedTokens.map(({ id, ...token }) => [String(id), token])),
    bos_token: bos,
    eos_token: '<|eot_id|>',
    pad_token: '<|pad|>',
    chat_template: LLAMA3_STYLE_CHAT_TEMPLATE,
    clean_up_tokenization_spaces: false,
    model_input_names: ['input_ids', 'attention_mask'],
    model_max_length: options.modelMaxLength ?? 256,
    tokenizer_class: 'PreTrainedTokenizerFast',
  };

  return { tokenizerJson, tokenizerConfig, vocabSize: firstSpecialId + TINY_SPECIAL_TOKENS.length, specialTokenIds };
}
