import { hash } from 'node:crypto';

export const DEFAULT_VALIDATION_FRACTION = 0.1;

export interface HeldOutSplitOptions {
  /** Same seed and keys, same split: use the job's seed. */
  seed: number | string;
  /** Share of examples held out for validation, 0 < fraction < 1. Default 0.1. */
  fraction?: number;
}

export interface HeldOutSplit {
  /** Example indices, ascending. */
  train: number[];
  validation: number[];
}

/**
 * A key's deterministic position in [0, 1) for a seed. Every example with the same
 * key gets the same score, so anything that decides by score keeps duplicate
 * groups together. Usable on its own for a one-pass, approximate split
 * (`heldOutScore(seed, key) < fraction`), without splitHeldOut's guarantees.
 */
export function heldOutScore(seed: number | string, key: string): number {
  return hash('sha1', `${seed}\u0000${key}`, 'buffer').readUInt32BE(0) / 2 ** 32;
}

/**
 * Splits examples into train and validation by their group keys (the `key` that
 * validateDataset's onExample reports; equal for exact duplicates).
 *
 * Index-based rather than per-example coin flips, because the guarantees need the
 * whole picture: exactly round(fraction × n) validation examples where groups
 * allow, at least one in each split, and no duplicate group on both sides.
 * Groups are ordered by heldOutScore and taken into validation while they fit the
 * target; a group that would overshoot is skipped. Memory is one key per example
 * (the caller's array) plus one entry per distinct key.
 *
 * Throws RangeError when there are fewer than two distinct keys: one group can't
 * be split without putting a duplicate on both sides.
 */
export function splitHeldOut(keys: ArrayLike<string>, options: HeldOutSplitOptions): HeldOutSplit {
  const fraction = options.fraction ?? DEFAULT_VALIDATION_FRACTION;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`fraction must be between 0 and 1, got ${fraction}`);
  const n = keys.length;

  const sizes = new Map<string, number>();
  for (let i = 0; i < n; i++) sizes.set(keys[i]!, (sizes.get(keys[i]!) ?? 0) + 1);
  if (sizes.size < 2) throw new RangeError(`a held-out split needs at least two distinct examples, got ${sizes.size}`);

  const groups = [...sizes.entries()]
    .map(([key, size]) => ({ key, size, score: heldOutScore(options.seed, key) }))
    .sort((a, b) => a.score - b.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const target = Math.min(Math.max(Math.round(fraction * n), 1), n - 1);
  const heldOut = new Set<string>();
  let held = 0;
  for (const group of groups) {
    if (held >= target) break;
    if (held + group.size <= target) {
      heldOut.add(group.key);
      held += group.size;
    }
  }
  if (held === 0) {
    // Every group is larger than the target: hold out the smallest one (first by score
    // among equals), which leaves train non-empty because there are at least two groups.
    const smallest = groups.reduce((best, group) => (group.size < best.size ? group : best));
    heldOut.add(smallest.key);
  }

  const split: HeldOutSplit = { train: [], validation: [] };
  for (let i = 0; i < n; i++) (heldOut.has(keys[i]!) ? split.validation : split.train).push(i);
  return split;
}
