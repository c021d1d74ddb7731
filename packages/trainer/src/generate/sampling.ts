/** How the next token is chosen from a row of logits. */
export type Sampling = { kind: 'greedy' } | { kind: 'top-p'; topP: number; temperature: number; seed: number };

/** Index of the largest logit (the first one on ties, like torch.argmax). */
export function greedyToken(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/**
 * Nucleus sampling as Hugging Face's TopPLogitsWarper: softmax(logits / temperature), keep the most
 * likely tokens until their cumulative probability reaches topP (at least one), renormalise, draw
 * with `random()` in [0, 1).
 */
export function topPToken(logits: ArrayLike<number>, topP: number, temperature: number, random: () => number): number {
  if (!(temperature > 0)) throw new Error(`temperature must be > 0, got ${temperature}`);
  if (!(topP > 0 && topP <= 1)) throw new Error(`topP must be in (0, 1], got ${topP}`);
  const n = logits.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i]! / temperature);
  const probs = new Float64Array(n);
  let z = 0;
  for (let i = 0; i < n; i++) z += probs[i] = Math.exp(logits[i]! / temperature - max);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  const kept: number[] = [];
  let cumulative = 0;
  for (const i of order) {
    kept.push(i);
    cumulative += probs[i]! / z;
    if (cumulative >= topP) break;
  }
  const keptMass = kept.reduce((s, i) => s + probs[i]!, 0);
  let u = random() * keptMass;
  for (const i of kept) {
    u -= probs[i]!;
    if (u < 0) return i;
  }
  return kept[kept.length - 1]!;
}
