import type { Batch } from '../data/batch';
import type { Graph } from '../graph/graph';
import type { LlamaGraph, TrainableWeights } from '../model/llama-graph';
import type { HostTensor } from '../tensor/host-tensor';

/** One pass over micro-batches (a training step or an evaluation), as the objective weighs and reads them. */
export interface ObjectivePass<M> {
  /**
   * Per micro-batch: its share of the pass's loss (the shares sum to 1, so the weighted gradients add
   * up to the gradient of the whole pass) and the objective's own graph feeds, beside the batch's.
   */
  readonly microBatches: readonly { share: number; feeds: Record<string, HostTensor> }[];
  /** Reads micro-batch k's graph outputs. */
  read(k: number, outputs: Record<string, HostTensor>): void;
  /** The pass's metrics once every micro-batch was read. */
  result(): M;
}

/**
 * What a trainer optimizes: the part that differs between supervised fine-tuning and preference tuning
 * (DPO and its variants). The trainer does everything else the same way for both: sessions, feeds,
 * gradient accumulation, clipping, AdamW, the schedule, dropout seeds and checkpoints.
 */
export interface TrainingObjective<M extends { loss: number }> {
  /** Which memory model and run-control rules apply. */
  readonly kind: 'sft' | 'dpo';
  /** The forward + backward graph: `loss`, the metric outputs and `grad.<name>` per trainable input. */
  trainingGraph(trainable: TrainableWeights, recompute: boolean): LlamaGraph;
  /** The same loss and metrics without dropout or gradients, for evaluation. */
  evaluationGraph(trainable: TrainableWeights): Graph;
  /**
   * Work done once before the first step over the run's batches in dataset order (DPO: the frozen
   * reference scores every sequence, so its numbers do not depend on where a run resumes).
   */
  prime?(batches: readonly Batch[]): Promise<void>;
  /** Weighs `batches` for one pass (computing whatever the objective feeds beside them). */
  pass(batches: readonly Batch[]): Promise<ObjectivePass<M>>;
  /** Releases the objective's own sessions, if any. */
  close(): Promise<void>;
}
