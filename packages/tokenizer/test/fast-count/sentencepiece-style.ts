import { TINY_CORPUS } from '../../src/tiny/tiny-corpus';
import type { TokenizerFiles } from '../../src';

const MARKER = '\u2581';

export interface SentencePieceStyleOptions {
  /** Llama 2's layout (Prepend + Replace normalizer, no pre-tokenizer) instead of Mistral's (Metaspace). */
  normalizerLayout?: boolean;
  /** Add a merge that joins a word's end to the next word's marker (as SentencePiece never does). */
  mergeAcrossWords?: boolean;
}

/**
 * A small SentencePiece-style BPE tokenizer in tokenizer.json form, like Llama 2's and
 * Mistral's: "▁" word markers, byte fallback over <0x00>..<0xFF>, fuse_unk, merges learned
 * inside words (plus runs of markers, as for code indentation).
 */
export function sentencePieceStyleTokenizer(options: SentencePieceStyleOptions = {}): TokenizerFiles {
  const vocab = new Map<string, number>([['<unk>', 0], ['<s>', 1], ['</s>', 2]]);
  for (let byte = 0; byte < 256; byte++) vocab.set(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, vocab.size);
  const words = TINY_CORPUS.split(/\s+/).filter(Boolean).map((word) => [...(MARKER + word)]);
  for (const word of words) for (const symbol of word) if (!vocab.has(symbol)) vocab.set(symbol, vocab.size);
  const merges: [string, string][] = [[MARKER, MARKER], [MARKER + MARKER, MARKER + MARKER]];
  if (options.mergeAcrossWords) merges.push(['e', MARKER]);
  for (let round = 0; round < 150; round++) {
    const counts = new Map<string, number>();
    for (const word of words) for (let i = 0; i + 1 < word.length; i++) counts.set(`${word[i]} ${word[i + 1]}`, (counts.get(`${word[i]} ${word[i + 1]}`) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (!best || best[1] < 2) break;
    const [left, right] = best[0].split(' ') as [string, string];
    merges.push([left, right]);
    for (const word of words) {
      for (let i = 0; i + 1 < word.length; i++) if (word[i] === left && word[i + 1] === right) word.splice(i, 2, left + right);
    }
  }
  for (const [left, right] of merges) if (!vocab.has(left + right)) vocab.set(left + right, vocab.size);

  const addedTokens = ['<unk>', '<s>', '</s>'].map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
  const tokenizerJson = {
    version: '1.0',
    added_tokens: addedTokens,
    normalizer: options.normalizerLayout
      ? { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: MARKER }, { type: 'Replace', pattern: { String: ' ' }, content: MARKER }] }
      : null,
    pre_tokenizer: options.normalizerLayout ? null : { type: 'Metaspace', replacement: MARKER, prepend_scheme: 'first', split: false },
    post_processor: null,
    decoder: null,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      fuse_unk: true,
      byte_fallback: true,
      ignore_merges: false,
      vocab: Object.fromEntries(vocab),
      merges: merges.map(([left, right]) => `${left} ${right}`),
    },
  };
  return { tokenizerJson, tokenizerConfig: { bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>' } };
}
