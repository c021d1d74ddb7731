import { ByteLevelPreTokenizer, SplitPreTokenizer } from '@huggingface/tokenizers';
import { scannerFor } from '../../src/fast-count/known-patterns';
import { RegexSegmenter } from '../../src/fast-count/regex-segmenter';
import { randomTexts } from './random-text';

const compiled = (regex: string) => new SplitPreTokenizer({ type: 'Split', pattern: { Regex: regex }, behavior: 'Isolated', invert: false }).pattern!;
const PATTERNS = {
  'Llama 3': compiled(String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`),
  'Qwen 2': compiled(String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`),
  'GPT-2 as Split': compiled(String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`),
  'GPT-2 ByteLevel': new ByteLevelPreTokenizer({ type: 'ByteLevel' }).pattern,
};

/** Pieces by the segmenter with the scanner, as strings. */
function scanned(pattern: RegExp, text: string): string[] {
  const pieces: string[] = [];
  new RegexSegmenter(pattern, true, scannerFor(pattern)).segment(text, { piece: (t, start, end) => pieces.push(t.slice(start, end)) });
  return pieces;
}

/** Every string of up to three characters over ASCII (all 128) once, then the random strings. */
function cases(): string[] {
  const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
  const interesting = [..." \t\n\r\va'sSrReElLdD1!(é"];
  const out = [...ascii];
  for (const a of ascii) for (const b of interesting) out.push(a + b, b + a);
  for (const a of interesting) for (const b of interesting) for (const c of interesting) out.push(a + b + c);
  return [...out, ...randomTexts(7, 5000)];
}

describe('ASCII scanners', () => {
  const texts = cases();

  it.each(Object.entries(PATTERNS))('cut %s pieces exactly where its regex does', (_name, pattern) => {
    expect(scannerFor(pattern)).toBeDefined();
    const wrong = texts.filter((text) => scanned(pattern, text).join('\u0001') !== (text.match(pattern) ?? []).join('\u0001'));
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('are only used for the exact regexes they mirror', () => {
    expect(scannerFor(compiled(String.raw`\p{N}{1,4}|\s+|[^\s\p{N}]+`))).toBeUndefined();
    expect(scannerFor(new RegExp(PATTERNS['Llama 3'].source, 'g'))).toBeUndefined(); // without /u it is another regex
  });
});
