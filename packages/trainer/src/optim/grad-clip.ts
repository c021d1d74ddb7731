/** The L2 norm of all gradients taken together (float64 accumulation). */
export function globalGradNorm(grads: Iterable<Float32Array>): number {
  let sumSq = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sumSq += g[i]! * g[i]!;
  return Math.sqrt(sumSq);
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
