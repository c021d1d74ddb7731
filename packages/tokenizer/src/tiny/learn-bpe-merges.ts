import { GPT2_SPLIT_PATTERN, toByteLevel } from './byte-level-alphabet';

/**
 * Learns byte-level BPE merges from a small corpus until they have produced `newSymbolCount`
 * distinct new symbols (two merges can spell the same string, e.g. "a"+"bc" and "ab"+"c"; the
 * vocabulary holds it once). Deterministic: the same corpus and count always give the same merges
 * in the same order. At each step the most frequent adjacent pair
 * wins; ties go to the pair whose "left right" spelling sorts first (code-unit order), so the
 * result never depends on Map iteration or engine details.
 *
 * Pairs are counted inside pre-tokenized pieces only (same split as the ByteLevel pre-tokenizer),
 * so no merge spans a word boundary the encoder would never cross. Stops early when no pair occurs
 * at least twice.
 */
export function learnBpeMerges(corpus: string, newSymbolCount: number, alphabet: readonly string[]): [string, string][] {
  const words = countPieces(corpus, alphabet);
  const merges: [string, string][] = [];
  const newSymbols = new Set<string>();
  while (newSymbols.size < newSymbolCount) {
    const best = mostFrequentPair(words);
    if (!best) break;
    merges.push(best);
    newSymbols.add(best[0] + best[1]);
    for (const word of words) word.symbols = applyMerge(word.symbols, best[0], best[1]);
  }
  return merges;
}

interface Piece {
  symbols: string[];
  frequency: number;
}

function countPieces(corpus: string, alphabet: readonly string[]): Piece[] {
  const byText = new Map<string, Piece>();
  for (const match of corpus.matchAll(GPT2_SPLIT_PATTERN)) {
    const spelled = toByteLevel(match[0], alphabet);
    const piece = byText.get(spelled);
    if (piece) piece.frequency++;
    else byText.set(spelled, { symbols: Array.from(spelled), frequency: 1 });
  }
  return [...byText.values()];
}

function mostFrequentPair(words: Piece[]): [string, string] | undefined {
  const counts = new Map<string, { pair: [string, string]; count: number }>();
  for (const { symbols, frequency } of words) {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const left = symbols[i]!;
      const right = symbols[i + 1]!;
      const key = `${left} ${right}`;
      const entry = counts.get(key);
      if (entry) entry.count += frequency;
      else counts.set(key, { pair: [left, right], count: frequency });
    }
  }
  let bestKey: string | undefined;
  let bestCount = 1; // a pair seen once is not worth a vocabulary slot
  for (const [key, { count }] of counts) {
    if (count > bestCount || (count === bestCount && bestKey !== undefined && key < bestKey)) {
      bestKey = key;
      bestCount = count;
    }
  }
  return bestKey === undefined ? undefined : counts.get(bestKey)!.pair;
}

function applyMerge(symbols: string[], left: string, right: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (symbols[i] === left && symbols[i + 1] === right) {
      out.push(left + right);
      i++;
    } else {
      out.push(symbols[i]!);
    }
  }
  return out;
}
