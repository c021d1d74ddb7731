import type { TokenizedExample } from './examples';
import type { BatchRow } from './batch';

/**
 * Packs examples, in the given order, into rows of at most `maxLength` tokens: each row takes
 * examples until the next would overflow it (greedy, order-preserving, so deterministic and
 * resumable). An example longer than maxLength is an error: truncate first.
 */
export function packExamples(examples: readonly TokenizedExample[], maxLength: number): BatchRow[] {
  const rows: TokenizedExample[][] = [];
  let current: TokenizedExample[] = [];
  let used = 0;
  for (const example of examples) {
    const length = example.inputIds.length;
    if (length > maxLength) throw new RangeError(`packExamples: an example has ${length} tokens, more than maxLength ${maxLength}`);
    if (used + length > maxLength && current.length > 0) {
      rows.push(current);
      current = [];
      used = 0;
    }
    current.push(example);
    used += length;
  }
  if (current.length > 0) rows.push(current);
  return rows;
}
