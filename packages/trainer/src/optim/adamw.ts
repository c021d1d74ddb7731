import { type HostTensor } from '../tensor/host-tensor';
import type { AdamWHelperThread } from './adamw-helper-thread';
import type { HelperReturn } from './helper-messages';
import { splitForHelper } from './split-for-helper';

export interface AdamWHyperparameters {
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay coefficient (applied as p -= lr * weightDecay * p). */
  weightDecay: number;
}

export const DEFAULT_ADAMW: AdamWHyperparameters = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };

export interface ParamSpec {
  name: string;
  size: number;
  /** False for tensors exempt from weight decay (norm weights, biases, embeddings when configured). */
  decay: boolean;
}

/** Exact optimizer state: per-parameter moments and the step counter, for checkpoints and resume. */
export interface AdamWState {
  step: number;
  hyperparameters: AdamWHyperparameters;
  params: { name: string; decay: boolean; expAvg: Float32Array; expAvgSq: Float32Array }[];
}

/** One tensor's update: its arrays and the constants of this step. */
export interface AdamWJob {
  name: string;
  p: Float32Array;
  g: Float32Array;
  m: Float32Array;
  v: Float32Array;
  k: KernelConstants;
}

/**
 * AdamW as in torch.optim.AdamW: decoupled weight decay, bias-corrected moments (step lr/bc1 · m over
 * √v/√bc2 + eps, rearranged to one division: see adamWKernel). Parameters and gradients are Float32Arrays
 * owned by the caller; moments are float32 like PyTorch's, arithmetic per element is float64. The moments
 * live in SharedArrayBuffers: only JS reads them, and a helper thread can then update them in place
 * (updateSplit).
 */
export class AdamW {
  private stepCount = 0;
  private readonly params = new Map<string, { decay: boolean; expAvg: Float32Array; expAvgSq: Float32Array }>();

  constructor(
    specs: ParamSpec[],
    readonly hyperparameters: AdamWHyperparameters = DEFAULT_ADAMW,
  ) {
    for (const s of specs) {
      if (this.params.has(s.name)) throw new Error(`parameter '${s.name}' registered twice`);
      this.params.set(s.name, { decay: s.decay, expAvg: sharedFloat32(s.size), expAvgSq: sharedFloat32(s.size) });
    }
  }

  /** Steps taken so far. */
  get step(): number {
    return this.stepCount;
  }

  /**
   * One update of every registered parameter with learning rate `lr`. `gradScale` multiplies every
   * gradient as it is read (global-norm clipping), with the float32 rounding an in-place scaling
   * would give, so clipping costs no pass of its own over the gradients.
   */
  update(params: Record<string, Float32Array>, grads: Record<string, Float32Array>, lr: number, gradScale = 1): void {
    for (const job of this.plan(params, grads, lr, gradScale)) adamWKernel(job.p, job.g, job.m, job.v, job.k);
  }

  /**
   * The same update as `update`, bit for bit, with the tensors named in `helperNames` (see helperShare)
   * updated on `helper`'s thread while this one updates the rest. Those tensors' parameter and gradient
   * ArrayBuffers are transferred there and back (zero-copy), which detaches the arrays passed in: the
   * returned map holds, by name, the arrays that replace them (new views of the same memory), which the
   * caller must put wherever it held the old ones. Few large buffers (views of one ArrayBuffer for all
   * the helper's parameters, one for its gradients) keep the transfer cheap: V8 counts every buffer that
   * arrives as new external memory, and hundreds of them set off a garbage collection each.
   */
  async updateSplit(
    helper: AdamWHelperThread,
    helperNames: ReadonlySet<string>,
    params: Record<string, Float32Array>,
    grads: Record<string, Float32Array>,
    lr: number,
    gradScale = 1,
  ): Promise<Map<string, HelperReturn>> {
    const { mine, theirs } = splitForHelper(this.plan(params, grads, lr, gradScale), helperNames);
    const returned = helper.update(theirs);
    for (const job of mine) adamWKernel(job.p, job.g, job.m, job.v, job.k);
    return await returned;
  }

  /** Advances the step count and pairs every parameter with its gradient, moments and this step's constants. */
  private plan(params: Record<string, Float32Array>, grads: Record<string, Float32Array>, lr: number, gradScale: number): AdamWJob[] {
    this.stepCount++;
    const { beta1, beta2, eps, weightDecay } = this.hyperparameters;
    const bc1 = 1 - beta1 ** this.stepCount;
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.stepCount);
    const stepSize = lr / bc1;
    const jobs: AdamWJob[] = [];
    for (const [name, state] of this.params) {
      const p = params[name];
      const g = grads[name];
      if (!p || !g) throw new Error(`AdamW.update: missing ${p ? 'gradient' : 'parameter'} '${name}'`);
      if (p.length !== state.expAvg.length || g.length !== p.length) {
        throw new Error(`AdamW.update: '${name}' has ${p.length} values and ${g.length} gradients, expected ${state.expAvg.length}`);
      }
      const k = { beta1, beta2, eps, stepSize, bc2Sqrt, decayFactor: state.decay ? 1 - lr * weightDecay : 1, gradScale };
      jobs.push({ name, p, g, m: state.expAvg, v: state.expAvgSq, k });
    }
    return jobs;
  }

  /** A deep copy of the state. */
  exportState(): AdamWState {
    return {
      step: this.stepCount,
      hyperparameters: { ...this.hyperparameters },
      params: [...this.params].map(([name, s]) => ({ name, decay: s.decay, expAvg: s.expAvg.slice(), expAvgSq: s.expAvgSq.slice() })),
    };
  }

  /** Restores a state exported from an optimizer over the same parameters. */
  importState(state: AdamWState): void {
    const names = new Set(state.params.map((p) => p.name));
    for (const name of this.params.keys()) {
      if (!names.has(name)) throw new Error(`optimizer state lacks parameter '${name}'`);
    }
    for (const saved of state.params) {
      const mine = this.params.get(saved.name);
      if (!mine) throw new Error(`optimizer state has unknown parameter '${saved.name}'`);
      if (saved.expAvg.length !== mine.expAvg.length || saved.expAvgSq.length !== mine.expAvgSq.length) {
        throw new Error(`optimizer state for '${saved.name}' has the wrong size`);
      }
      mine.expAvg.set(saved.expAvg);
      mine.expAvgSq.set(saved.expAvgSq);
      mine.decay = saved.decay;
    }
    Object.assign(this.hyperparameters, state.hyperparameters);
    this.stepCount = state.step;
  }
}

export interface KernelConstants {
  beta1: number;
  beta2: number;
  eps: number;
  /** lr / (1 - beta1^t). */
  stepSize: number;
  /** √(1 - beta2^t). */
  bc2Sqrt: number;
  /** 1 - lr·weightDecay, or 1 for tensors without decay. */
  decayFactor: number;
  gradScale: number;
}

/**
 * One tensor's update in a single pass that allocates nothing: reads p, g, m, v once and writes p, m,
 * v once. The moments are rounded to float32 before use (Math.fround), which is exactly the value a
 * read back from the Float32Array would give, so a resumed run sees the same numbers.
 *
 * The step lr·m̂ / (√v̂ + eps) is computed as (lr·√bc2/bc1)·m / (√v + eps·√bc2): the same value with one
 * division per element instead of two (division and square root bound this loop, not memory). The
 * float64 result differs from torch's operation order only in its last bits, far below the float32
 * rounding of p.
 */
export function adamWKernel(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, k: KernelConstants): void {
  const { beta1, beta2, eps, stepSize, bc2Sqrt, decayFactor, gradScale } = k;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const scaledStep = stepSize * bc2Sqrt;
  const scaledEps = eps * bc2Sqrt;
  const n = p.length;
  if (gradScale === 1) {
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const mi = Math.fround(beta1 * m[i]! + oneMinusBeta1 * gi);
      const vi = Math.fround(beta2 * v[i]! + oneMinusBeta2 * gi * gi);
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i]! * decayFactor - (scaledStep * mi) / (Math.sqrt(vi) + scaledEps);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const gi = Math.fround(g[i]! * gradScale);
    const mi = Math.fround(beta1 * m[i]! + oneMinusBeta1 * gi);
    const vi = Math.fround(beta2 * v[i]! + oneMinusBeta2 * gi * gi);
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i]! * decayFactor - (scaledStep * mi) / (Math.sqrt(vi) + scaledEps);
  }
}

function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/**
 * The state as named tensors (`exp_avg.<param>`, `exp_avg_sq.<param>`) plus JSON metadata: the shape a
 * safetensors checkpoint file stores. `adamWStateFromTensors` inverts it exactly.
 */
export function adamWStateToTensors(state: AdamWState): { tensors: Record<string, HostTensor>; metadata: Record<string, string> } {
  const tensors: Record<string, HostTensor> = {};
  for (const p of state.params) {
    tensors[`exp_avg.${p.name}`] = { dtype: 'float32', shape: [p.expAvg.length], data: p.expAvg };
    tensors[`exp_avg_sq.${p.name}`] = { dtype: 'float32', shape: [p.expAvgSq.length], data: p.expAvgSq };
  }
  const metadata = {
    step: String(state.step),
    hyperparameters: JSON.stringify(state.hyperparameters),
    params: JSON.stringify(state.params.map((p) => ({ name: p.name, decay: p.decay }))),
  };
  return { tensors, metadata };
}

export function adamWStateFromTensors(tensors: Record<string, HostTensor>, metadata: Record<string, string>): AdamWState {
  const params = JSON.parse(metadata.params ?? '[]') as { name: string; decay: boolean }[];
  const read = (key: string) => {
    const t = tensors[key];
    if (!t || t.dtype !== 'float32') throw new Error(`optimizer checkpoint lacks float32 tensor '${key}'`);
    return (t.data as Float32Array).slice();
  };
  return {
    step: Number(metadata.step),
    hyperparameters: JSON.parse(metadata.hyperparameters ?? 'null') ?? DEFAULT_ADAMW,
    params: params.map((p) => ({ name: p.name, decay: p.decay, expAvg: read(`exp_avg.${p.name}`), expAvgSq: read(`exp_avg_sq.${p.name}`) })),
  };
}
