import { SplitPreTokenizer, ByteLevelPreTokenizer } from '@huggingface/tokenizers';
import { cl100kScanner, gpt2Scanner } from './ascii-scanners';
import type { AsciiScanner } from './regex-segmenter';

/** Split regexes of tokenizer.json files in the wild that have a hand-written ASCII scanner. */
const KNOWN_SPLIT_REGEXES: [string, AsciiScanner][] = [
  // Llama 3, cl100k_base
  [String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`, cl100kScanner(3)],
  // Qwen 2 / 2.5
  [String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`, cl100kScanner(1)],
  // GPT-2, written as a Split
  [String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`, gpt2Scanner],
];

let scannersBySource: Map<string, AsciiScanner> | undefined;

/**
 * The scanner for a regex as the library compiled it (from its JS source and flags), if it is
 * one we know. Keyed by the compiled form, so the library's Oniguruma-to-JS rewriting (e.g. \s
 * becoming \p{White_Space}) is part of the comparison: a scanner is only used for the exact
 * regex it was written and tested for.
 */
export function scannerFor(pattern: RegExp): AsciiScanner | undefined {
  if (!scannersBySource) {
    scannersBySource = new Map();
    for (const [regex, scanner] of KNOWN_SPLIT_REGEXES) {
      const compiled = new SplitPreTokenizer({ type: 'Split', pattern: { Regex: regex }, behavior: 'Isolated', invert: false }).pattern;
      if (compiled) scannersBySource.set(key(compiled), scanner);
    }
    scannersBySource.set(key(new ByteLevelPreTokenizer({ type: 'ByteLevel' }).pattern), gpt2Scanner);
  }
  return scannersBySource.get(key(pattern));
}

function key(pattern: RegExp): string {
  return `${pattern.flags.replace(/[gy]/g, '')}/${pattern.source}`;
}
