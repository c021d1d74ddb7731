/**
 * Llama 3's pre-tokenizer split, i.e. the Split regex of its tokenizer.json:
 *
 *   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 *
 * BPE runs on each piece separately, so a text's token count is the sum of its
 * pieces' counts, and pieces repeat (words), which is what makes caching them work.
 * The regex costs ~30 ns a byte in V8; for ASCII text a hand-written scanner that
 * follows the same alternation order is several times faster. Text with any
 * non-ASCII character goes through the regex itself. The benchmark checks the two
 * agree before it measures anything.
 */

// Node 20's RegExp has no inline (?i:...) groups, so the contractions are spelled out.
export const LLAMA3_SPLIT = /'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/** The same pattern, sticky: matches exactly one piece at lastIndex. */
const LLAMA3_PIECE = new RegExp(LLAMA3_SPLIT.source, 'uy');

/**
 * Appends the end offset of each pre-token of `text` to `ends` (cleared first) and
 * returns their number. Offsets rather than a callback or substrings: this runs for
 * every message of every example.
 */
export function pieceEnds(text: string, ends: number[]): number {
  ends.length = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let end = asciiPieceEnd(text, i, n);
    if (end < 0) {
      // The piece at i depends on a non-ASCII character: let the regex decide it.
      LLAMA3_PIECE.lastIndex = i;
      const match = LLAMA3_PIECE.exec(text)!;
      end = i + match[0].length;
    }
    ends.push(end);
    i = end;
  }
  return ends.length;
}

// ASCII classes as the u-flag regex sees them: \p{L} = letters, \p{N} = digits, \s = [\t\n\v\f\r ].
const LETTER = 1;
const DIGIT = 2;
const SPACE = 4;
const NEWLINE = 8;
const PUNCT = 16;
/** Any char >= 128: its class is the regex's business. */
const OTHER = 32;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) CLASS[c] = LETTER;
  else if (c >= 48 && c <= 57) CLASS[c] = DIGIT;
  else if (c === 10 || c === 13) CLASS[c] = SPACE | NEWLINE;
  else if (c === 9 || c === 11 || c === 12 || c === 32) CLASS[c] = SPACE;
  else CLASS[c] = PUNCT;
}

function classAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? CLASS[c]! : OTHER;
}

/**
 * End of the piece that starts at i: the first alternative of LLAMA3_SPLIT that
 * matches there; -1 when that depends on a non-ASCII character (also as lookahead).
 */
function asciiPieceEnd(s: string, i: number, n: number): number {
  const cls = classAt(s, i);
  if (cls === OTHER) return -1;
  const next = i + 1 < n ? classAt(s, i + 1) : 0;
  if (next === OTHER) return -1;
  // 1. 's 't 're 've 'm 'll 'd (any case)
  if (s.charCodeAt(i) === 39 && next !== 0) {
    const a = s.charCodeAt(i + 1) | 0x20;
    if (a === 115 || a === 116 || a === 109 || a === 100) return i + 2; // s t m d
    if ((a === 114 || a === 118 || a === 108) && i + 2 < n) {
      const b = s.charCodeAt(i + 2);
      if (b >= 128) return -1;
      if ((a !== 108 && (b | 0x20) === 101) || (a === 108 && (b | 0x20) === 108)) return i + 3; // re ve ll
    }
  }
  return otherAlternatives(s, i, n, cls, next);
}

/** Alternatives 2 to 7. */
function otherAlternatives(s: string, i: number, n: number, cls: number, next: number): number {
  // 2. [^\r\n\p{L}\p{N}]?\p{L}+
  if (cls & LETTER) return runEnd(s, i + 1, n, LETTER);
  if (cls & (SPACE | PUNCT) && !(cls & NEWLINE) && next & LETTER) return runEnd(s, i + 2, n, LETTER);
  // 3. \p{N}{1,3}
  if (cls & DIGIT) {
    let end = i + 1;
    while (end < n && end < i + 3) {
      const c = classAt(s, end);
      if (c === OTHER) return -1;
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
  // 5. \s*[\r\n]+ : up to the last newline of the run.
  for (let k = spaceEnd - 1; k >= i; k--) {
    if (CLASS[s.charCodeAt(k)]! & NEWLINE) return k + 1;
  }
  // 6. \s+(?!\S) : the run, leaving its last space to the next piece unless at the end.
  if (spaceEnd === n) return n;
  if (spaceEnd - 1 > i) return spaceEnd - 1;
  // 7. \s+
  return spaceEnd;
}

/** End of the run of `cls` characters from `from`; -1 when it stops at a non-ASCII one. */
function runEnd(s: string, from: number, n: number, cls: number): number {
  let end = from;
  while (end < n) {
    const c = classAt(s, end);
    if (c === OTHER) return -1;
    if (!(c & cls)) break;
    end++;
  }
  return end;
}
