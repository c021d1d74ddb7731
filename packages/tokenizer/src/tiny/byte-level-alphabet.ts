/**
 * GPT-2's byte-level alphabet: every byte 0..255 gets a printable Unicode character, so a
 * byte-level BPE vocabulary can spell any UTF-8 text. The table is the one the Hugging Face
 * `ByteLevel` pre-tokenizer and decoder use (printable Latin-1 bytes map to themselves, the rest
 * to U+0100 onwards), so tokenizer.json files built with it load in every HF implementation.
 */
export function byteLevelAlphabet(): string[] {
  const table = new Array<string>(256);
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = printable(b) ? String.fromCodePoint(b) : String.fromCodePoint(256 + shifted++);
  }
  return table;
}

/** Spell text as byte-level characters (UTF-8 bytes mapped through the alphabet). */
export function toByteLevel(text: string, alphabet: readonly string[]): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) out += alphabet[byte];
  return out;
}

/**
 * The pre-tokenization pattern of GPT-2's ByteLevel pre-tokenizer (`use_regex: true`). The tiny
 * tokenizer's merges are learned on pieces split by this same pattern so that they match what the
 * tokenizer sees at encode time.
 */
export const GPT2_SPLIT_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;
