/**
 * Small, fast, seeded pseudo-random numbers for everything that must be reproducible (weight
 * init of test models, data shuffling). Not cryptographic.
 */

/** mulberry32: a 32-bit-state generator; returns floats in [0, 1). Same seed, same sequence, everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent 32-bit seed from a base seed and labels (FNV-1a over their text), e.g.
 * `deriveSeed(seed, 'epoch', 3)` or `deriveSeed(seed, 'model.norm.weight')`, so each stream depends
 * only on what it is for, not on how many numbers other streams drew before it.
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of [seed, ...labels].join('\u0000')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Standard normal samples (Box-Muller) scaled by std, drawn from `random`. */
export function fillNormal(target: Float32Array, std: number, random: () => number): Float32Array {
  for (let i = 0; i < target.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random())); // 1 - u is in (0, 1]: never log(0)
    const angle = 2 * Math.PI * random();
    target[i] = std * radius * Math.cos(angle);
    if (i + 1 < target.length) target[i + 1] = std * radius * Math.sin(angle);
  }
  return target;
}
