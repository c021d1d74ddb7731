/** Receives the pre-tokens of a text, each as a region of a string (no substring is made). */
export interface PieceSink {
  piece(text: string, start: number, end: number): void;
}

/**
 * Splits raw text the way the first step of a tokenizer's pre-tokenizer does, reporting the
 * pieces in order. Everything the tokenizer does to a piece after that step depends on the piece
 * alone, which is what lets its token count be cached.
 */
export interface Segmenter {
  /** `sectionIndex`: the position of the text among the added-token sections (Metaspace's prepend_scheme "first" reads it). */
  segment(text: string, sink: PieceSink, sectionIndex: number): void;
}

/** The library's ByteLevel `add_prefix_space`: a space is put before text that lacks one. */
export class PrefixSpaceSegmenter implements Segmenter {
  constructor(private readonly inner: Segmenter) {}

  segment(text: string, sink: PieceSink, sectionIndex: number): void {
    this.inner.segment(text.startsWith(' ') ? text : ' ' + text, sink, sectionIndex);
  }
}

/** BertPreTokenizer trims its input before matching. */
export class TrimmingSegmenter implements Segmenter {
  constructor(private readonly inner: Segmenter) {}

  segment(text: string, sink: PieceSink, sectionIndex: number): void {
    this.inner.segment(text.trim(), sink, sectionIndex);
  }
}

/**
 * Split with behavior "removed": the library calls `text.split(pattern)` and drops empty parts
 * (so capture groups in the pattern come back as pieces, as they do there).
 */
export class StringSplitSegmenter implements Segmenter {
  constructor(private readonly pattern: RegExp) {}

  segment(text: string, sink: PieceSink): void {
    for (const piece of text.split(this.pattern) as (string | undefined)[]) {
      if (piece) sink.piece(piece, 0, piece.length);
    }
  }
}
