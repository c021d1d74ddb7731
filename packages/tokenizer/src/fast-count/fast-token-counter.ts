import { SequencePreTokenizer, type AddedToken, type Normalizer, type Tokenizer } from '@huggingface/tokenizers';
import { AddedTokenSplitter } from './added-token-splitter';
import { ByteLevelBpe } from './byte-level-bpe';
import { whyModelIsNotAdditive } from './model-check';
import { PieceCache } from './piece-cache';
import { planPreTokenizer } from './plan-pre-tokenizer';
import { marksWords, whyWordsCannotBeSplit, WordBoundarySegmenter } from './word-boundary-segmenter';
import type { PieceSink, Segmenter } from './segmenter';

/**
 * `pieces`: text is cut into pre-tokens and each distinct piece is encoded once, then counted
 * from a cache. `full-encode`: the tokenizer's setup is one whose count cannot be split that way
 * (see `description`), so every text is encoded whole; same counts, slower.
 */
export type FastCountMode = 'pieces' | 'full-encode';

/** Counts tokens of text exactly as `encode(text, { addSpecialTokens: false }).length` would. */
export interface FastTokenCounter {
  readonly mode: FastCountMode;
  /** How texts are split (mode `pieces`), or why they are not (mode `full-encode`). */
  readonly description: string;
  count(text: string): number;
}

/** What the counter needs of a loaded tokenizer. */
export interface FastCountSource {
  tokenizer: Tokenizer;
  /** tokenizer.json `pre_tokenizer` and `normalizer`. */
  preTokenizer: unknown;
  normalizer: unknown;
  /** tokenizer_config.json, for the two text options the library reads from it. */
  tokenizerConfig: Record<string, unknown>;
}

/** Distinct pieces remembered (~10 MB at most). Real text reaches a high hit rate long before this. */
const MAX_CACHED_PIECES = 1 << 18;
/** Longer pieces (long runs of one class of character) are rare: encoded each time. The cache's keys hold lengths up to 255. */
const MAX_CACHED_PIECE_LENGTH = 255;

export function buildFastTokenCounter(source: FastCountSource): FastTokenCounter {
  const { tokenizer } = source;
  const fullEncode = (reason: string): FastTokenCounter => ({
    mode: 'full-encode',
    description: reason,
    count: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids.length,
  });
  const model = tokenizer.model;
  if (!model) return fullEncode('the tokenizer has no model');
  const added = addedTokenLookup(tokenizer);
  const notAdditive = whyModelIsNotAdditive(model, new Set([...added.unnormalized, ...added.normalized]));
  if (notAdditive) return fullEncode(notAdditive);
  const plan = planPreTokenizer(source.preTokenizer);
  let segmenter: Segmenter;
  let encodePiece: (piece: string) => number;
  let how: string;
  if (plan.supported) {
    // A cache miss: the library's remaining pre-tokenizer steps and model, or the same BPE on integer ids.
    const rest = plan.rest.length > 0 ? new SequencePreTokenizer({ type: 'Sequence', pretokenizers: plan.rest as never }) : undefined;
    const byteLevelBpe = ByteLevelBpe.tryCreate(model, plan.rest);
    segmenter = plan.segmenter;
    encodePiece = byteLevelBpe ? (piece) => byteLevelBpe.count(piece) : (piece) => model(rest ? rest.pre_tokenize(piece) : [piece]).length;
    how = `${plan.split}${byteLevelBpe ? ', byte-level BPE on symbol ids' : ''}`;
  } else {
    // Nothing splits the text before the model: SentencePiece-style words may still be cut apart.
    if (!marksWords(source.preTokenizer, source.normalizer)) return fullEncode(plan.reason);
    const unsplittable = whyWordsCannotBeSplit(model);
    if (unsplittable) return fullEncode(`${plan.reason}, and words cannot be cut apart: ${unsplittable}`);
    segmenter = new WordBoundarySegmenter(tokenizer.pre_tokenizer);
    encodePiece = (piece) => model([piece]).length;
    how = 'library pre-tokenizer, then words cut at "▁" (no merge spans one)';
  }
  // Segmenters drop empty pieces; that is exact only if the tokenizer gives them no tokens.
  if (encodePiece('') !== 0) return fullEncode('an empty piece encodes to tokens');
  return new PieceCountingCounter(tokenizer.normalizer, added, segmenter, encodePiece, source.tokenizerConfig, how);
}

interface AddedTokenLookup {
  /** By content, and by normalized content for tokens matched after normalization. */
  byText: Map<string, AddedToken>;
  /** Longest key of byText: longer sections are not looked up (hashing a whole section costs). */
  longest: number;
  unnormalized: string[];
  normalized: string[];
}

/** The library's own bookkeeping of added tokens (Tokenizer's constructor), rebuilt from its public list. */
function addedTokenLookup(tokenizer: Tokenizer): AddedTokenLookup {
  const lookup: AddedTokenLookup = { byText: new Map(), longest: 0, unnormalized: [], normalized: [] };
  for (const token of tokenizer.get_added_tokens_decoder().values()) {
    lookup.byText.set(token.content, token);
    if (token.normalized && tokenizer.normalizer !== null) {
      const normalized = tokenizer.normalizer(token.content);
      lookup.normalized.push(normalized);
      lookup.byText.set(normalized, token);
    } else {
      lookup.unnormalized.push(token.content);
    }
  }
  for (const text of lookup.byText.keys()) lookup.longest = Math.max(lookup.longest, text.length);
  return lookup;
}

/**
 * The library's `encode_text`, step for step (added tokens, their lstrip/rstrip, the config's
 * text options, the normalizer, added tokens again after normalization), except that the
 * pre-tokenizer's first step runs as a Segmenter and each piece's count comes from a cache,
 * filled by the library's own remaining steps and model on a miss.
 */
class PieceCountingCounter implements FastTokenCounter, PieceSink {
  readonly mode = 'pieces';
  readonly description: string;
  private readonly cache = new PieceCache(MAX_CACHED_PIECES);
  private readonly unnormalizedSplitter: AddedTokenSplitter;
  private readonly normalizedSplitter: AddedTokenSplitter;
  private readonly removeSpace: boolean;
  private readonly lowercaseAndRemoveAccents: boolean;
  private total = 0;

  constructor(
    private readonly normalizer: Normalizer | null,
    private readonly added: AddedTokenLookup,
    private readonly segmenter: Segmenter,
    private readonly encodePiece: (piece: string) => number,
    tokenizerConfig: Record<string, unknown>,
    split: string,
  ) {
    this.unnormalizedSplitter = new AddedTokenSplitter(added.unnormalized);
    this.normalizedSplitter = new AddedTokenSplitter(added.normalized);
    // Read as the library reads them (Tokenizer's constructor).
    this.removeSpace = tokenizerConfig.remove_space === true;
    this.lowercaseAndRemoveAccents = Boolean(tokenizerConfig.do_lowercase_and_remove_accent ?? false);
    this.description = `${split}, ${added.byText.size} added tokens split out first${normalizer ? ', library normalizer per section' : ''}`;
  }

  count(text: string): number {
    this.total = 0;
    const sections = this.unnormalizedSplitter.split(text);
    this.stripAroundAddedTokens(sections);
    for (let index = 0; index < sections.length; index++) {
      let section = sections[index]!;
      if (section.length === 0) continue;
      if (this.isAddedToken(section)) {
        this.total += 1;
        continue;
      }
      if (this.removeSpace) section = section.trim().split(/\s+/).join(' ');
      if (this.lowercaseAndRemoveAccents) section = section.toLowerCase().replace(/\p{M}/gu, '');
      if (this.normalizer !== null) section = this.normalizer(section);
      if (section.length === 0) continue;
      if (this.normalizedSplitter.isEmpty) {
        // The library's per-subsection step with a single subsection: normalized text can equal a token.
        if (this.isAddedToken(section)) this.total += 1;
        else this.segmenter.segment(section, this, index);
        continue;
      }
      const subsections = this.normalizedSplitter.split(section);
      this.stripAroundAddedTokens(subsections);
      for (const subsection of subsections) {
        if (subsection.length === 0) continue;
        if (this.isAddedToken(subsection)) this.total += 1;
        else this.segmenter.segment(subsection, this, index);
      }
    }
    return this.total;
  }

  /** PieceSink: one pre-token. */
  piece(text: string, start: number, end: number): void {
    if (end - start > MAX_CACHED_PIECE_LENGTH) {
      this.total += this.encodePiece(text.slice(start, end));
      return;
    }
    let count = this.cache.get(text, start, end);
    if (count < 0) {
      count = this.encodePiece(text.slice(start, end));
      this.cache.set(text, start, end, count);
    }
    this.total += count;
  }

  private isAddedToken(text: string): boolean {
    return text.length <= this.added.longest && this.added.byText.has(text);
  }

  /** An added token with lstrip/rstrip eats the whitespace beside it (the library edits the neighbours in place, in order). */
  private stripAroundAddedTokens(sections: string[]): void {
    for (let i = 0; i < sections.length; i++) {
      const section = sections[i]!;
      const token = section.length <= this.added.longest ? this.added.byText.get(section) : undefined;
      if (!token) continue;
      if (token.lstrip && i > 0) sections[i - 1] = sections[i - 1]!.trimEnd();
      if (token.rstrip && i < sections.length - 1) sections[i + 1] = sections[i + 1]!.trimStart();
    }
  }
}
