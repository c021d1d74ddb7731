import type { AsciiScanner } from './regex-segmenter';

/*
 * Hand-written scanners for the pre-tokenizer regexes most tokenizers use, for ASCII text: V8
 * spends ~30 ns a character in those regexes, several times the rest of counting. Each follows
 * its regex's alternation in order and gives up (-1) whenever a decision would look at a
 * non-ASCII character, so the regex keeps the last word there. One module on purpose: the
 * class constants must be module-local, since a TS-to-CJS compiler turns imported constants
 * into getter calls, which cost more than the scanning itself here.
 */

/*
 * Character classes of ASCII as the pre-tokenizer regexes see them: \p{L} = letters, \p{N} =
 * digits, \s and \p{White_Space} = tab, LF, VT, FF, CR and space; everything else is "other"
 * ([^\s\p{L}\p{N}]). Characters from 128 up are the regex's business. The tests compare the
 * scanners with the regexes on every ASCII character.
 */
const LETTER = 1;
const DIGIT = 2;
const SPACE = 4;
const NEWLINE = 8;
const PUNCT = 16;
/** Any character >= 128. */
const NON_ASCII = 32;

const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) CLASS[c] = LETTER;
  else if (c >= 48 && c <= 57) CLASS[c] = DIGIT;
  else if (c === 10 || c === 13) CLASS[c] = SPACE | NEWLINE;
  else if ((c >= 9 && c <= 12) || c === 32) CLASS[c] = SPACE;
  else CLASS[c] = PUNCT;
}

function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c]! : NON_ASCII;
}

/** End of the run of `cls` characters from `from`; -1 when it stops at a non-ASCII one. */
function runEnd(text: string, from: number, length: number, cls: number): number {
  let end = from;
  while (end < length) {
    const c = classAt(text, end);
    if (c === NON_ASCII) return -1;
    if (!(c & cls)) break;
    end++;
  }
  return end;
}

/**
 * The Split regex of Llama 3 (OpenAI's cl100k_base) and, with single digits, of Qwen 2:
 *
 *   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 */
export function cl100kScanner(maxDigits: number): AsciiScanner {
  return (s, i, n) => {
    const cls = classAt(s, i);
    if (cls === NON_ASCII) return -1;
    const next = i + 1 < n ? classAt(s, i + 1) : 0;
    if (next === NON_ASCII) return -1;
    // 1. 's 't 're 've 'm 'll 'd, any case (| 0x20 lower-cases ASCII letters).
    if (s.charCodeAt(i) === 39 && next !== 0) {
      const a = s.charCodeAt(i + 1) | 0x20;
      if (a === 115 || a === 116 || a === 109 || a === 100) return i + 2; // s t m d
      if ((a === 114 || a === 118 || a === 108) && i + 2 < n) {
        const b = s.charCodeAt(i + 2);
        if (b >= 128) return -1;
        if ((a !== 108 && (b | 0x20) === 101) || (a === 108 && (b | 0x20) === 108)) return i + 3; // re ve ll
      }
    }
    // 2. [^\r\n\p{L}\p{N}]?\p{L}+
    if (cls & LETTER) return runEnd(s, i + 1, n, LETTER);
    if (cls & (SPACE | PUNCT) && !(cls & NEWLINE) && next & LETTER) return runEnd(s, i + 2, n, LETTER);
    // 3. \p{N}{1,maxDigits}
    if (cls & DIGIT) {
      let end = i + 1;
      while (end < n && end < i + maxDigits) {
        const c = classAt(s, end);
        if (c === NON_ASCII) return -1;
        if (!(c & DIGIT)) break;
        end++;
      }
      return end;
    }
    // 4. " ?[^\s\p{L}\p{N}]+[\r\n]*"
    const punctStart = s.charCodeAt(i) === 32 && next & PUNCT ? i + 1 : cls & PUNCT ? i : -1;
    if (punctStart >= 0) {
      const end = runEnd(s, punctStart + 1, n, PUNCT);
      return end < 0 ? -1 : runEnd(s, end, n, NEWLINE);
    }
    // Whitespace from here on: the run is [i, spaceEnd).
    const spaceEnd = runEnd(s, i + 1, n, SPACE);
    if (spaceEnd < 0) return -1;
    // 5. \s*[\r\n]+ : up to the run's last newline.
    for (let k = spaceEnd - 1; k >= i; k--) {
      if (classAt(s, k) & NEWLINE) return k + 1;
    }
    // 6. \s+(?!\S) : the run, leaving its last space to the next piece unless the text ends.
    if (spaceEnd === n) return n;
    if (spaceEnd - 1 > i) return spaceEnd - 1;
    // 7. \s+
    return spaceEnd;
  };
}

/**
 * GPT-2's pre-tokenizer regex (the ByteLevel pre-tokenizer's own, also seen as a Split regex):
 *
 *   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
 */
export const gpt2Scanner: AsciiScanner = (s, i, n) => {
  const cls = classAt(s, i);
  if (cls === NON_ASCII) return -1;
  const next = i + 1 < n ? classAt(s, i + 1) : 0;
  if (next === NON_ASCII) return -1;
  const c = s.charCodeAt(i);
  // 1. 's 't 're 've 'm 'll 'd, lower case only.
  if (c === 39 && next !== 0) {
    const a = s.charCodeAt(i + 1);
    if (a === 115 || a === 116 || a === 109 || a === 100) return i + 2; // s t m d
    if ((a === 114 || a === 118 || a === 108) && i + 2 < n) {
      const b = s.charCodeAt(i + 2);
      if (b >= 128) return -1;
      if ((a !== 108 && b === 101) || (a === 108 && b === 108)) return i + 3; // re ve ll
    }
  }
  // 2.-4. " ?" then a run of letters, of digits, or of other symbols.
  for (const run of RUNS) {
    if (cls & run) return runEnd(s, i + 1, n, run);
    if (c === 32 && next & run) return runEnd(s, i + 2, n, run);
  }
  // Whitespace: the run is [i, spaceEnd).
  const spaceEnd = runEnd(s, i + 1, n, SPACE);
  if (spaceEnd < 0) return -1;
  // 5. \s+(?!\S) : the run, leaving its last space to the next piece unless the text ends.
  if (spaceEnd === n) return n;
  if (spaceEnd - 1 > i) return spaceEnd - 1;
  // 6. \s+
  return spaceEnd;
};

const RUNS = [LETTER, DIGIT, PUNCT] as const;
