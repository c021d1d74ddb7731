import { deriveSeed, mulberry32 } from '../data/seeded-random';

/**
 * Holds out round(fraction · n) examples for validation, chosen by a seeded shuffle (the same seed
 * always holds out the same examples); both parts keep the input order. At least one example stays on
 * each side when fraction > 0.
 */
export function splitForValidation<T>(examples: readonly T[], fraction: number, seed: number): { train: T[]; validation: T[] } {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`validation fraction must be in [0, 1), got ${fraction}`);
  if (fraction === 0) return { train: [...examples], validation: [] };
  if (examples.length < 2) throw new Error(`cannot hold out a validation split from ${examples.length} example(s)`);
  const count = Math.min(examples.length - 1, Math.max(1, Math.round(fraction * examples.length)));
  const random = mulberry32(deriveSeed(seed, 'validation-split'));
  const order = examples.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const heldOut = new Set(order.slice(0, count));
  return { train: examples.filter((_, i) => !heldOut.has(i)), validation: examples.filter((_, i) => heldOut.has(i)) };
}
