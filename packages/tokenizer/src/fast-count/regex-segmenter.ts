import type { PieceSink, Segmenter } from './segmenter';

/**
 * End of the regex's match at `start` of text[0, length), found without the regex; -1 when that
 * depends on something the scanner does not know (typically a non-ASCII character), in which
 * case the regex decides.
 */
export type AsciiScanner = (text: string, start: number, length: number) => number;

/**
 * Pieces of a text as @huggingface/tokenizers cuts them with a global regex: the matches in
 * `String.prototype.matchAll` order (its rule for empty matches included), plus, with
 * `keepGaps`, the unmatched text between them (the library's regex_split, used by Split with
 * behaviors other than "removed"); without it only the matches (`text.match`, used by inverted
 * Split, ByteLevel and the Whitespace/Digits/Punctuation pre-tokenizers). Empty pieces are not
 * reported: every model the counter accepts gives them no tokens (checked when it is built).
 *
 * Speed: `test` on a sticky copy finds the match at the current position without allocating a
 * match array; only a gap before the next match needs `exec`. An optional scanner answers for
 * ASCII text without running the regex at all.
 */
export class RegexSegmenter implements Segmenter {
  private readonly sticky: RegExp;
  private readonly search: RegExp;
  private readonly unicode: boolean;

  constructor(
    pattern: RegExp,
    private readonly keepGaps: boolean,
    private readonly scanner?: AsciiScanner,
  ) {
    const flags = pattern.flags.replace(/[gy]/g, '');
    this.sticky = new RegExp(pattern.source, `${flags}y`);
    this.search = new RegExp(pattern.source, `${flags}g`);
    this.unicode = /[uv]/.test(flags);
  }

  segment(text: string, sink: PieceSink): void {
    const n = text.length;
    let emitted = 0; // text before this is reported
    let from = 0; // where the next match is looked for
    while (from <= n) {
      let start = from;
      let end = this.scanner && from < n ? this.scanner(text, from, n) : -1;
      if (end < 0) {
        this.sticky.lastIndex = from;
        if (this.sticky.test(text)) {
          end = this.sticky.lastIndex;
        } else {
          this.search.lastIndex = from;
          const match = this.search.exec(text);
          if (match === null) break;
          start = match.index;
          end = start + match[0].length;
        }
      }
      if (this.keepGaps && emitted < start) sink.piece(text, emitted, start);
      if (end > start) sink.piece(text, start, end);
      emitted = end;
      // After an empty match the iterator steps one character (one code point with /u).
      from = end > start ? end : end + (this.unicode && isSurrogatePairAt(text, end) ? 2 : 1);
    }
    if (this.keepGaps && emitted < n) sink.piece(text, emitted, n);
  }
}

function isSurrogatePairAt(text: string, i: number): boolean {
  const high = text.charCodeAt(i);
  if (high < 0xd800 || high > 0xdbff || i + 1 >= text.length) return false;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}
