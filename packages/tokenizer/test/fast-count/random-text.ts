/**
 * Seeded random strings for comparing the fast counter with full encodes: mostly the pieces
 * where pre-tokenizer regexes and scanners can disagree (contractions in any case, digit runs,
 * punctuation before letters, whitespace runs ending in newlines or at the end), plus non-ASCII
 * letters, digits and spaces, combining marks, emoji, lone surrogates, control characters, long
 * runs (past the cache's and the BPE loop's length limits) and added tokens, whole or broken.
 */
export function randomTexts(seed: number, count: number, addedTokens: readonly string[] = []): string[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const word = () => {
    let text = '';
    const length = 1 + Math.floor(random() * 9);
    for (let i = 0; i < length; i++) text += pick(LETTERS);
    return text;
  };
  const generators: (() => string)[] = [
    () => word(),
    () => ' ' + word(),
    () => pick(CONTRACTIONS),
    () => String(Math.floor(random() * 10 ** (1 + Math.floor(random() * 7)))),
    () => pick(PUNCTUATION) + (random() < 0.5 ? pick(PUNCTUATION) : ''),
    () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(WHITESPACE)).join(''),
    () => pick(UNICODE),
    () => pick(UNICODE) + word(),
    () => pick(EMOJI),
    () => pick(ODD),
    () => (random() < 0.5 ? 'a' : ' ').repeat(60 + Math.floor(random() * 250)),
    () => (addedTokens.length > 0 ? pick(addedTokens) : word()),
    () => (addedTokens.length > 0 ? pick(addedTokens).slice(0, -1 - Math.floor(random() * 3)) : word()),
  ];
  // Long runs are rare in text; keep them rare here too so that strings stay short.
  const weights = [6, 8, 2, 2, 3, 4, 2, 2, 1, 1, 0.1, 1.5, 0.5];
  const total = weights.reduce((a, b) => a + b, 0);
  const fragment = () => {
    let r = random() * total;
    for (let i = 0; i < generators.length; i++) {
      r -= weights[i]!;
      if (r < 0) return generators[i]!();
    }
    return word();
  };
  return Array.from({ length: count }, () => {
    let text = '';
    const fragments = 1 + Math.floor(random() * 25);
    for (let i = 0; i < fragments; i++) text += fragment();
    return text;
  });
}

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZeeeeaaattt'];
const CONTRACTIONS = ["'s", "'S", "'t", "'T", "'re", "'RE", "'rE", "'ve", "'Ve", "'m", "'M", "'ll", "'LL", "'lL", "'d", "'D", "'x", "'", "'r", "'l"];
const PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
const WHITESPACE = [' ', ' ', ' ', '\t', '\n', '\n', '\r', '\r\n', '\v', '\f'];
const UNICODE = [
  'é', 'ü', 'ñ', 'ß', 'Ω', 'жизнь', 'Δ', '日本語', '中文', 'العربية', 'हिन्दी', '한국어', 'naïve', 'café',
  '١٢٣', '５', '½', '²', 'Ⅻ', '\u00a0', '\u2028', '\u2029', '\u3000', '\u0085', '\ufeff', '\u200b', '\u1680',
  'e\u0301', '\u0308', '“', '”', '‘', '’', '—', '–', '…', '€', '°',
];
const EMOJI = ['🙂', '👍🏽', '👨‍👩‍👧', '🇫🇷', '❤️', '𝔘𝔫𝔦', '🤖🤖'];
const ODD = ['\u0000', '\u001f', '\u007f', '\ud800', '\udc00', 'x\ud83d', '\u001c'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
