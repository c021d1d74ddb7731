/**
 * The L2 norm of all gradients taken together (float64 accumulation). Four running sums instead of one:
 * a single sum makes every addition wait for the previous one, which made this pass 3-4x slower than
 * reading the gradients.
 */
export function globalGradNorm(grads: Iterable<Float32Array>): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (const g of grads) {
    const n = g.length;
    const whole = n - (n % 4);
    let i = 0;
    for (; i < whole; i += 4) {
      const a = g[i]!;
      const b = g[i + 1]!;
      const c = g[i + 2]!;
      const d = g[i + 3]!;
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += d * d;
    }
    for (; i < n; i++) s0 += g[i]! * g[i]!;
  }
  return Math.sqrt(s0 + s1 + s2 + s3);
}

/**
 * The factor torch.nn.utils.clip_grad_norm_ scales gradients by for a global norm `norm`: maxNorm / (norm + 1e-6)
 * when that is below 1, else 1 (no clipping). AdamW.update applies it as it reads the gradients.
 */
export function clipCoefficient(norm: number, maxNorm: number): number {
  if (!(maxNorm > 0)) return 1;
  const coef = maxNorm / (norm + 1e-6);
  return coef < 1 ? coef : 1;
}
