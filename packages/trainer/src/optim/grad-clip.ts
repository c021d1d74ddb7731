/** The L2 norm of all gradients taken together (float64 accumulation). */
export function globalGradNorm(grads: Iterable<Float32Array>): number {
  let sumSq = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sumSq += g[i]! * g[i]!;
  return Math.sqrt(sumSq);
}

/**
 * Scales all gradients in place so their global norm is at most `maxNorm`, as torch.nn.utils.clip_grad_norm_
 * (coefficient maxNorm / (norm + 1e-6), applied only when below 1). Returns the norm before clipping.
 */
export function clipGradNorm(grads: Float32Array[], maxNorm: number): number {
  const norm = globalGradNorm(grads);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! * coef;
  return norm;
}
