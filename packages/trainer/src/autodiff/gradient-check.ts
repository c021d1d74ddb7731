import { serializeModel } from '../graph/export-onnx';
import type { Graph } from '../graph/graph';
import { GraphBuilder } from '../graph/graph-builder';
import { GraphSession } from '../runtime/graph-session';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { elementCount, type HostTensor } from '../tensor/host-tensor';
import { buildGradientGraph, gradientName } from './build-gradient-graph';

export interface GradientCheckOptions {
  forward: Graph;
  loss: string;
  /** Graph inputs to check; each must be fed in `feeds` as a float tensor. */
  wrt: string[];
  feeds: Record<string, HostTensor>;
  /** Central-difference step (default 1e-6, suited to float64 graphs). */
  epsilon?: number;
  /** Check at most this many evenly spaced elements per tensor (default: all). */
  maxElementsPerTensor?: number;
  runtime?: Partial<RuntimeConfig>;
}

export interface TensorGradientCheck {
  name: string;
  elementsChecked: number;
  maxAbsError: number;
  /** max |analytic - numeric| / max(|analytic|, |numeric|) over the checked elements (normwise, so near-zero entries do not dominate). */
  relativeError: number;
  analytic: number[];
  numeric: number[];
}

/**
 * Compares the autodiff gradients of `forward` with central finite differences of its loss, computed by
 * running the forward graph itself with each checked element nudged by ±epsilon.
 */
export async function checkGradients(options: GradientCheckOptions): Promise<TensorGradientCheck[]> {
  const eps = options.epsilon ?? 1e-6;
  // 'basic': ORT's extended fusions (e.g. x·σ(x) -> com.microsoft QuickGelu) only have float32 kernels.
  const runtime = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'basic' as const, ...options.runtime };
  const gradGraph = buildGradientGraph(options.forward, { loss: options.loss, wrt: options.wrt, keep: [] });
  const lossOnly = GraphBuilder.from(options.forward, `${options.forward.name}.loss`);
  lossOnly.build().outputs.length = 0;
  lossOnly.output(lossOnly.value(options.loss));

  const gradSession = await GraphSession.create(serializeModel(gradGraph), runtime);
  const lossSession = await GraphSession.create(serializeModel(lossOnly.build()), runtime);
  try {
    const analyticAll = await gradSession.run(options.feeds);
    const lossAt = async (feeds: Record<string, HostTensor>) => {
      const out = await lossSession.run(feeds);
      return Number((out[options.loss]!.data as Float64Array)[0]);
    };
    const results: TensorGradientCheck[] = [];
    for (const name of options.wrt) {
      const base = options.feeds[name];
      if (!base || (base.dtype !== 'float32' && base.dtype !== 'float64')) {
        throw new Error(`gradient check: '${name}' must be fed as a float tensor`);
      }
      const n = elementCount(base.shape);
      const picks = pickElements(n, options.maxElementsPerTensor ?? n);
      const analyticFull = analyticAll[gradientName(name)]!.data as Float32Array | Float64Array;
      const analytic: number[] = [];
      const numeric: number[] = [];
      for (const j of picks) {
        const data = base.data.slice() as Float32Array | Float64Array;
        const original = data[j]!;
        data[j] = original + eps;
        const plus = await lossAt({ ...options.feeds, [name]: { ...base, data } });
        data[j] = original - eps;
        const minus = await lossAt({ ...options.feeds, [name]: { ...base, data } });
        numeric.push((plus - minus) / (2 * eps));
        analytic.push(analyticFull[j]!);
      }
      results.push(compare(name, analytic, numeric));
    }
    return results;
  } finally {
    await gradSession.release();
    await lossSession.release();
  }
}

function pickElements(n: number, max: number): number[] {
  if (max >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * n) / max));
}

function compare(name: string, analytic: number[], numeric: number[]): TensorGradientCheck {
  let maxAbsError = 0;
  let scale = 0;
  analytic.forEach((a, i) => {
    const nv = numeric[i]!;
    maxAbsError = Math.max(maxAbsError, Math.abs(a - nv));
    scale = Math.max(scale, Math.abs(a), Math.abs(nv));
  });
  return {
    name,
    elementsChecked: analytic.length,
    maxAbsError,
    relativeError: scale === 0 ? 0 : maxAbsError / scale,
    analytic,
    numeric,
  };
}
