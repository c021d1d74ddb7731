import type { LoadedTokenizer } from './loaded-tokenizer';

/**
 * Maps character positions of a rendered text to token indices of its encoding, without needing
 * offsets from the tokenizer library (which has none). A position `c` is located by encoding
 * `text[0, c)` and comparing with the full encoding:
 * - usually the prefix's tokens are exactly the first tokens of the full encoding (chat templates
 *   put special tokens at turn boundaries, and the tokenizer never merges across those), so the
 *   boundary is exact;
 * - otherwise a token of the full encoding straddles `c` (or whitespace split differently at the
 *   end of the prefix); then token lengths are measured by decoding, when decoding reproduces the
 *   text, so that a span covers every token that holds at least one of its characters.
 */
export class TokenLocator {
  private decodesExactlyMemo: boolean | undefined;

  constructor(
    private readonly tokenizer: LoadedTokenizer,
    private readonly text: string,
    private readonly ids: readonly number[],
  ) {}

  /** Index of the first token holding any character at or after `position`. */
  firstTokenFrom(position: number): number {
    const { common, exact } = this.commonPrefix(position);
    if (exact || !this.decodesExactly()) return common;
    let n = common;
    while (n < this.ids.length && this.decodedLength(n + 1) <= position) n++;
    return n;
  }

  /** Index just past the last token holding any character before `position`. */
  endOfTokensBefore(position: number): number {
    const { common, exact } = this.commonPrefix(position);
    if (exact) return common;
    if (!this.decodesExactly()) return Math.min(common + 1, this.ids.length);
    let n = common;
    while (n < this.ids.length && this.decodedLength(n) < position) n++;
    return n;
  }

  private commonPrefix(position: number): { common: number; exact: boolean } {
    if (position <= 0) return { common: 0, exact: true };
    if (position >= this.text.length) return { common: this.ids.length, exact: true };
    const prefixIds = this.tokenizer.encode(this.text.slice(0, position), { addSpecialTokens: false });
    let common = 0;
    while (common < prefixIds.length && prefixIds[common] === this.ids[common]) common++;
    return { common, exact: common === prefixIds.length };
  }

  /** Only then are decoded lengths character positions of the text (checked once, lazily: rarely needed). */
  private decodesExactly(): boolean {
    this.decodesExactlyMemo ??= this.decodeRaw(this.ids) === this.text;
    return this.decodesExactlyMemo;
  }

  private decodedLength(tokenCount: number): number {
    return this.decodeRaw(this.ids.slice(0, tokenCount)).length;
  }

  private decodeRaw(ids: readonly number[]): string {
    return this.tokenizer.decode(ids, { skipSpecialTokens: false, cleanUpTokenizationSpaces: false });
  }
}
