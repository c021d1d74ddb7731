import type { HostTensor } from '../tensor/host-tensor';
import { IGNORE_INDEX } from '../data/batch';

export interface LabelStats {
  /** Σ of label weights over scored positions: the denominator of the batch's weighted mean loss. */
  weightSum: number;
  /** Positions counted by mean_token_accuracy (label present, weight > 0). */
  scoredTokens: number;
}

/**
 * The loss graph's denominators, computed on the host with the same shift (position t is scored
 * against labels[b, t+1]), so micro-batches can be combined into exactly the whole step's mean.
 */
export function labelStats(labels: HostTensor, labelWeights: HostTensor): LabelStats {
  const [rows, width] = labels.shape as [number, number];
  const ids = labels.data as BigInt64Array;
  const weights = labelWeights.data as Float32Array | Float64Array;
  let weightSum = 0;
  let scoredTokens = 0;
  for (let r = 0; r < rows; r++) {
    for (let t = 1; t < width; t++) {
      const k = r * width + t;
      if (Number(ids[k]) === IGNORE_INDEX) continue;
      weightSum += weights[k]!;
      if (weights[k]! > 0) scoredTokens++;
    }
  }
  return { weightSum, scoredTokens };
}
