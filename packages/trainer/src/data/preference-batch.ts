import { collateBatch, type Batch, type CollateOptions } from './batch';
import type { TokenizedPreferencePair } from './tokenize-preference';

/**
 * Collates B preference pairs into one batch of 2B rows with a common length: rows 0..B-1 are the
 * chosen sequences, rows B..2B-1 the rejected ones in the same pair order, so one forward pass
 * scores both and row b pairs with row b + B.
 */
export function collatePreferenceBatch(pairs: readonly TokenizedPreferencePair[], options: CollateOptions): Batch {
  return collateBatch([...pairs.map((pair) => [pair.chosen]), ...pairs.map((pair) => [pair.rejected])], options);
}
