import type { Batch } from '../data/batch';
import type { Graph } from '../graph/graph';
import type { LlamaConfig } from '../model/llama-config';
import { buildLlamaGraph, LLAMA_IO, type LlamaGraph, type TrainableWeights } from '../model/llama-graph';
import type { HostTensor } from '../tensor/host-tensor';
import { labelStats } from './label-stats';
import { buildLlamaTrainingGraph } from './training-graph';
import type { ObjectivePass, TrainingObjective } from './training-objective';

export interface SftMetrics {
  /** Weighted mean token loss over the pass's batches. */
  loss: number;
  meanTokenAccuracy: number;
}

/**
 * Supervised fine-tuning: the weighted mean token cross-entropy. Each micro-batch's share is its share
 * of the pass's label weight, so accumulated micro-batches give exactly the loss of the whole batch.
 */
export class SftObjective implements TrainingObjective<SftMetrics> {
  readonly kind = 'sft';

  constructor(
    private readonly config: LlamaConfig,
    private readonly weights: ReadonlyMap<string, HostTensor>,
  ) {}

  trainingGraph(trainable: TrainableWeights, recompute: boolean): LlamaGraph {
    return buildLlamaTrainingGraph(this.config, this.weights, { trainable, recompute });
  }

  evaluationGraph(trainable: TrainableWeights): Graph {
    return buildLlamaGraph(this.config, this.weights, { objective: 'loss', trainable, loraDropout: false, name: 'llama.eval' }).graph;
  }

  async pass(batches: readonly Batch[]): Promise<ObjectivePass<SftMetrics>> {
    const stats = batches.map((b) => labelStats(b.labels, b.label_weights));
    const totalWeight = stats.reduce((s, x) => s + x.weightSum, 0);
    const totalScored = stats.reduce((s, x) => s + x.scoredTokens, 0);
    const microBatches = stats.map((s) => ({ share: totalWeight > 0 ? s.weightSum / totalWeight : 1 / batches.length, feeds: {} }));
    let loss = 0;
    let accuracy = 0;
    return {
      microBatches,
      read(k, out) {
        loss += microBatches[k]!.share * Number(out[LLAMA_IO.loss]!.data[0]);
        if (totalScored > 0) accuracy += (stats[k]!.scoredTokens / totalScored) * Number(out[LLAMA_IO.accuracy]!.data[0]);
      },
      result: () => ({ loss, meanTokenAccuracy: accuracy }),
    };
  }

  async close(): Promise<void> {}
}
