/**
 * Sums gradients over micro-batches. Each micro-batch adds its gradients with a weight, typically its
 * share of the step's loss weight (label tokens in the micro-batch / label tokens in the whole step),
 * so the accumulated gradient equals the gradient of the loss over the whole step's batch. One
 * accumulator serves a whole run: its buffers are allocated on the first step and reused after.
 */
export class GradientAccumulator {
  private readonly sums = new Map<string, Float32Array>();
  private count = 0;

  /** Adds `weight * grads[name]` for every tensor (the first add after a reset overwrites: no zero fill). */
  add(grads: Record<string, Float32Array>, weight = 1): void {
    const first = this.count === 0;
    for (const [name, g] of Object.entries(grads)) {
      let acc = this.sums.get(name);
      if (!acc) {
        // Shared memory: the AdamW helper thread reads the sums in place, nothing to transfer or replace.
        acc = new Float32Array(new SharedArrayBuffer(g.length * Float32Array.BYTES_PER_ELEMENT));
        this.sums.set(name, acc);
      } else if (acc.length !== g.length) {
        throw new Error(`gradient '${name}' changed size from ${acc.length} to ${g.length}`);
      }
      if (first) for (let i = 0; i < g.length; i++) acc[i] = weight * g[i]!;
      else for (let i = 0; i < g.length; i++) acc[i] = acc[i]! + weight * g[i]!;
    }
    this.count++;
  }

  /** Micro-batches added since the last reset. */
  get microBatches(): number {
    return this.count;
  }

  /** The accumulated sums (owned by the accumulator: the next step's first add overwrites them). */
  get gradients(): Record<string, Float32Array> {
    return Object.fromEntries(this.sums);
  }

  /** Starts a new sum; the buffers are kept. */
  reset(): void {
    this.count = 0;
  }
}
