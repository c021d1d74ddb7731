import { BPE, ByteLevelPreTokenizer, type Model } from '@huggingface/tokenizers';
import { parsePairKey } from './pair-key';
import type { PreTokenizerConfig } from './plan-pre-tokenizer';

/** Longer words go to the library (its heap-based BPE is O(n log n); the loop here is O(n²)). */
const MAX_SYMBOLS = 64;
const NO_MERGE = 0x7fffffff;

/**
 * Token counts of a byte-level BPE model for one pre-token: the library's own algorithm (merge
 * the adjacent pair of lowest rank, the leftmost of equal ones, until none merges; a whole word
 * found in the vocabulary first under `ignore_merges`; unknown symbols spelled by byte fallback
 * or as the unknown token), computed on integer symbol ids instead of strings. The library
 * spends ~50 µs on a 10-character word (a JSON.stringify and a Map look-up per candidate pair,
 * object copies per merge); this takes a few µs, which matters because every distinct piece of
 * a dataset is encoded once, and there are hundreds of thousands of them in a large file.
 *
 * Only for what the library would do there: ByteLevel mapping (no regex, no prefix space) then
 * BPE without subword suffixes, checked by `tryCreate`. Tests compare it with the
 * library on random pieces.
 */
export class ByteLevelBpe {
  /** Open addressing: slot s is [left, right, rank, merged] at 4s; left -1 marks empty. */
  private readonly pairs: Int32Array;
  private readonly pairMask: number;
  /** Tokens a final symbol contributes: 1 if in the vocabulary, else its byte-fallback or unknown count. */
  private readonly symbolTokens: Int32Array;
  /** Symbol id of each byte's byte-level character. */
  private readonly byteSymbols = new Int32Array(256);
  private readonly byteChars: string[];
  private readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(256);
  /** The word being merged: its symbols, and for each adjacent pair its rank and merged symbol. */
  private readonly symbols = new Int32Array(MAX_SYMBOLS);
  private readonly ranks = new Int32Array(MAX_SYMBOLS);
  private readonly merged = new Int32Array(MAX_SYMBOLS);

  static tryCreate(model: Model, rest: readonly PreTokenizerConfig[]): ByteLevelBpe | undefined {
    if (!(model instanceof BPE) || model.end_of_word_suffix || model.continuing_subword_suffix) return undefined;
    const [step, ...more] = rest;
    if (!step || more.length > 0 || step.type !== 'ByteLevel' || step.use_regex !== false || step.add_prefix_space) return undefined;
    return new ByteLevelBpe(model, new ByteLevelPreTokenizer(step as never).byte_encoder);
  }

  private constructor(
    private readonly model: BPE,
    byteEncoder: Record<number, string>,
  ) {
    const ids = new Map<string, number>();
    const names: string[] = [];
    const idOf = (symbol: string) => {
      let id = ids.get(symbol);
      if (id === undefined) {
        id = names.length;
        ids.set(symbol, id);
        names.push(symbol);
      }
      return id;
    };
    this.byteChars = Array.from({ length: 256 }, (_, byte) => byteEncoder[byte]!);
    this.byteChars.forEach((char, byte) => (this.byteSymbols[byte] = idOf(char)));

    let slotCount = 16;
    while (slotCount * 3 < model.bpe_ranks.size * 4) slotCount *= 2; // load at most 3/4: 8 MB for Llama 3's 280k merges
    this.pairs = new Int32Array(slotCount * 4).fill(-1);
    this.pairMask = slotCount - 1;
    // bpe_ranks is what the library merges by (a repeated pair keeps its last rank there too).
    for (const [key, rank] of model.bpe_ranks) {
      const [left, right] = parsePairKey(key);
      this.insertPair(idOf(left), idOf(right), rank, idOf(left + right));
    }
    this.symbolTokens = Int32Array.from(names, (name) => this.tokensOfSymbol(name));
  }

  count(piece: string): number {
    let bytes = this.bytes;
    if (piece.length * 3 > bytes.length) bytes = this.bytes = new Uint8Array(piece.length * 3);
    const n = this.encoder.encodeInto(piece, bytes).written;
    if (n === 0) return 0;
    if (n > MAX_SYMBOLS) return this.viaLibrary(piece);
    const { symbols, ranks, merged } = this;
    for (let i = 0; i < n; i++) symbols[i] = this.byteSymbols[bytes[i]!]!;
    for (let i = 0; i + 1 < n; i++) this.rankPair(i);
    let length = n;
    for (;;) {
      // The lowest rank, the leftmost of equal ones: what the library's priority queue pops.
      let best = -1;
      let bestRank = NO_MERGE;
      for (let i = 0; i + 1 < length; i++) {
        if (ranks[i]! < bestRank) {
          best = i;
          bestRank = ranks[i]!;
        }
      }
      if (best < 0) break;
      symbols[best] = merged[best]!;
      symbols.copyWithin(best + 1, best + 2, length);
      ranks.copyWithin(best + 1, best + 2, length - 1);
      merged.copyWithin(best + 1, best + 2, length - 1);
      length -= 1;
      // Only the pairs beside the new symbol changed.
      if (best > 0) this.rankPair(best - 1);
      if (best + 1 < length) this.rankPair(best);
    }
    // ignore_merges: a word that is itself in the vocabulary is one token. When the merges end in
    // one symbol, that symbol is the word and the count is the same either way.
    if (length > 1 && this.model.ignore_merges && this.model.tokens_to_ids.has(this.byteLevelWord(bytes, n))) return 1;
    let tokens = 0;
    for (let i = 0; i < length; i++) tokens += this.symbolTokens[symbols[i]!]!;
    return tokens;
  }

  /** Looks up the pair of symbols i and i + 1 into ranks[i] and merged[i]. */
  private rankPair(i: number): void {
    const slot = this.findPair(this.symbols[i]!, this.symbols[i + 1]!);
    this.ranks[i] = slot < 0 ? NO_MERGE : this.pairs[slot + 2]!;
    this.merged[i] = slot < 0 ? 0 : this.pairs[slot + 3]!;
  }

  private byteLevelWord(bytes: Uint8Array, n: number): string {
    let word = '';
    for (let i = 0; i < n; i++) word += this.byteChars[bytes[i]!];
    return word;
  }

  private viaLibrary(piece: string): number {
    const bytes = this.encoder.encode(piece);
    return this.model([this.byteLevelWord(bytes, bytes.length)]).length;
  }

  /** BPE.encode's treatment of one final symbol. */
  private tokensOfSymbol(symbol: string): number {
    const model = this.model;
    if (model.tokens_to_ids.has(symbol)) return 1;
    if (model.byte_fallback) {
      const bytes = this.encoder.encode(symbol);
      if (bytes.every((byte) => model.tokens_to_ids.has(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`))) return bytes.length;
    }
    return model.unk_token != null ? 1 : 0;
  }

  private insertPair(left: number, right: number, rank: number, merged: number): void {
    let slot = pairHash(left, right) & this.pairMask;
    for (;;) {
      const at = slot * 4;
      if (this.pairs[at] === -1 || (this.pairs[at] === left && this.pairs[at + 1] === right)) {
        this.pairs.set([left, right, rank, merged], at);
        return;
      }
      slot = (slot + 1) & this.pairMask;
    }
  }

  /** Offset of the pair's slot, or -1. */
  private findPair(left: number, right: number): number {
    const pairs = this.pairs;
    for (let slot = pairHash(left, right) & this.pairMask; ; slot = (slot + 1) & this.pairMask) {
      const at = slot * 4;
      const l = pairs[at]!;
      if (l === -1) return -1;
      if (l === left && pairs[at + 1] === right) return at;
    }
  }
}

function pairHash(left: number, right: number): number {
  const h = Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b);
  return h ^ (h >>> 16);
}
