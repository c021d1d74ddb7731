import { deriveSeed, mulberry32 } from './seeded-random';

/**
 * The order in which epoch `epoch` visits `count` examples: a seeded Fisher-Yates shuffle whose
 * seed is derived from (seed, epoch) alone, so a resumed run recomputes exactly the same order
 * without having stored it, and every epoch gets a different one.
 */
export function epochPermutation(count: number, seed: number, epoch: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const random = mulberry32(deriveSeed(seed, 'epoch', epoch));
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
