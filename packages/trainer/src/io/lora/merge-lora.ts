import type { HostTensor } from '../../tensor/host-tensor';
import { loraPairDims, loraScale, type LoraAdapter } from './lora-adapter';

/**
 * Folds a LoRA adapter into base weights: for each adapted module, W' = W + scale · B · A with
 * scale = lora_alpha / r (alpha / sqrt(r) for rsLoRA), r being that module's rank. Products are
 * accumulated in float64 and rounded once to float32. Returns a new map; unadapted tensors are
 * shared with the input, which is left unchanged.
 */
export function mergeLoraIntoWeights(weights: ReadonlyMap<string, HostTensor>, adapter: LoraAdapter): Map<string, HostTensor> {
  const merged = new Map(weights);
  for (const [modulePath, pair] of adapter.modules) {
    const name = `${modulePath}.weight`;
    const base = weights.get(name);
    if (!base) throw new Error(`mergeLoraIntoWeights: the adapter targets ${modulePath}, but the weights have no ${name}`);
    const [outFeatures, rank, inFeatures] = loraPairDims(modulePath, pair);
    if (base.dtype !== 'float32' || base.shape.length !== 2 || base.shape[0] !== outFeatures || base.shape[1] !== inFeatures) {
      throw new Error(`mergeLoraIntoWeights: ${name} is ${base.dtype} [${base.shape}], but LoRA B·A is float32 [${outFeatures},${inFeatures}]`);
    }
    const scale = loraScale(adapter.config, rank);
    const W = base.data as Float32Array;
    const A = pair.A.data as Float32Array;
    const B = pair.B.data as Float32Array;
    const out = new Float32Array(W.length);
    const row = new Float64Array(inFeatures);
    for (let o = 0; o < outFeatures; o++) {
      row.fill(0);
      for (let k = 0; k < rank; k++) {
        const b = B[o * rank + k]!;
        if (b === 0) continue;
        const aRow = k * inFeatures;
        for (let i = 0; i < inFeatures; i++) row[i]! += b * A[aRow + i]!;
      }
      const wRow = o * inFeatures;
      for (let i = 0; i < inFeatures; i++) out[wRow + i] = W[wRow + i]! + scale * row[i]!;
    }
    merged.set(name, { dtype: 'float32', shape: [...base.shape], data: out });
  }
  return merged;
}
