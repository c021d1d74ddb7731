import { buildGradientGraph } from '../autodiff/build-gradient-graph';
import type { DType } from '../graph/dtype';
import type { Value } from '../graph/graph';
import { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import type { LlamaConfig } from '../model/llama-config';
import { buildLlamaGraph, LLAMA_IO, type LlamaGraph, type TrainableWeights } from '../model/llama-graph';
import type { HostTensor } from '../tensor/host-tensor';
import { dpoLoss, type DpoLoss } from './dpo-loss';
import type { DpoSettings } from './dpo-settings';

/** Names of the DPO graph's extra inputs and its outputs (besides the Llama batch inputs). */
export const DPO_IO = {
  /** [B] float: the reference model's Σ log p of each chosen completion (raw sums, cached by the trainer). */
  referenceChosenLogps: 'reference_chosen_logps',
  referenceRejectedLogps: 'reference_rejected_logps',
  loss: 'loss',
  /** [B]: the policy's completion log-probs as the loss uses them (per-token means for ipo, sums otherwise). */
  policyChosenLogps: 'policy_chosen_logps',
  policyRejectedLogps: 'policy_rejected_logps',
  rewardsChosen: 'rewards_chosen',
  rewardsRejected: 'rewards_rejected',
} as const;

/** Outputs kept beside the loss in training graphs: what the metrics are made of. */
export const DPO_METRIC_OUTPUTS = [DPO_IO.policyChosenLogps, DPO_IO.policyRejectedLogps, DPO_IO.rewardsChosen, DPO_IO.rewardsRejected];

export interface DpoGraphOptions {
  trainable: TrainableWeights;
  dpo: DpoSettings;
  dtype?: Extract<DType, 'float32' | 'float64'>;
  /** LoRA dropout in the policy pass (default: on when the LoRA settings have dropout > 0). */
  loraDropout?: boolean;
  /** Recompute each decoder layer's activations in the backward pass (LlamaGraphOptions.recompute). */
  recompute?: boolean;
  /** The graph is going to be differentiated (LlamaGraphOptions.training); set by buildDpoTrainingGraph. */
  training?: boolean;
  name?: string;
}

/**
 * The DPO forward graph over a preference batch of 2B rows (rows 0..B-1 chosen, B..2B-1 rejected,
 * as collatePreferenceBatch lays them out): the policy's per-row completion log-probs, paired up,
 * against the reference's, which come in as inputs so the reference model runs once per example
 * rather than every step.
 */
export function buildDpoGraph(config: LlamaConfig, weights: ReadonlyMap<string, HostTensor>, options: DpoGraphOptions): LlamaGraph {
  const dtype = options.dtype ?? 'float32';
  const policy = buildLlamaGraph(config, weights, {
    objective: 'sequence-logps',
    trainable: options.trainable,
    dtype,
    ...(options.loraDropout !== undefined ? { loraDropout: options.loraDropout } : {}),
    recompute: options.recompute ?? false,
    training: options.training ?? false,
  });
  const b = GraphBuilder.from(policy.graph, options.name ?? `llama.dpo.${options.dpo.lossType}.${options.trainable.kind}`);
  b.build().outputs.length = 0; // the per-row log-probs become intermediate values

  const referenceChosen = b.input(DPO_IO.referenceChosenLogps, dtype, ['pairs']);
  const referenceRejected = b.input(DPO_IO.referenceRejectedLogps, dtype, ['pairs']);
  const dpo = pairedDpoLoss(
    b,
    { rowLogps: b.value(LLAMA_IO.sequenceLogps), rowWeights: b.value(LLAMA_IO.sequenceLabelWeights), referenceChosen, referenceRejected },
    options.dpo,
  );
  b.output(dpo.loss, DPO_IO.loss);
  b.output(dpo.policyChosen, DPO_IO.policyChosenLogps);
  b.output(dpo.policyRejected, DPO_IO.policyRejectedLogps);
  b.output(dpo.chosenRewards, DPO_IO.rewardsChosen);
  b.output(dpo.rejectedRewards, DPO_IO.rewardsRejected);
  return { graph: b.build(), trainableInputs: policy.trainableInputs };
}

/** The DPO graph plus its backward pass: `loss`, the metric outputs and `grad.<name>` per trainable input. */
export function buildDpoTrainingGraph(config: LlamaConfig, weights: ReadonlyMap<string, HostTensor>, options: DpoGraphOptions): LlamaGraph {
  const forward = buildDpoGraph(config, weights, { ...options, training: true });
  const graph = buildGradientGraph(forward.graph, {
    loss: DPO_IO.loss,
    wrt: forward.trainableInputs.map((t) => t.name),
    keep: DPO_METRIC_OUTPUTS,
    name: `${forward.graph.name}.train`,
  });
  return { graph, trainableInputs: forward.trainableInputs };
}

export interface PreferenceRows {
  /** [2B] policy Σ log p per row, chosen rows first (collatePreferenceBatch's layout). */
  rowLogps: Value;
  /** [2B] Σ of counted label weights per row (completion lengths). */
  rowWeights: Value;
  /** [B] reference Σ log p of the chosen and the rejected completions. */
  referenceChosen: Value;
  referenceRejected: Value;
}

/**
 * Pairs row b with row b + B and applies the DPO loss. For ipo every log-prob becomes a per-token
 * mean first: TRL scores IPO on length-normalised log-probs; both models see the same tokens, so
 * the policy's row weights normalise the reference too.
 */
export function pairedDpoLoss(b: GraphBuilder, rows: PreferenceRows, settings: DpoSettings): DpoLoss & { policyChosen: Value; policyRejected: Value } {
  let rowLogps = rows.rowLogps;
  let referenceRows = op.concat(b, [rows.referenceChosen, rows.referenceRejected], 0);
  if (settings.lossType === 'ipo') {
    const tokens = op.max(b, rows.rowWeights, 1e-12);
    rowLogps = op.div(b, rowLogps, tokens);
    referenceRows = op.div(b, referenceRows, tokens);
  }
  const [policyChosen, policyRejected] = pairHalves(b, rowLogps);
  const [referenceChosen, referenceRejected] = pairHalves(b, referenceRows);
  return { ...dpoLoss(b, { policyChosen, policyRejected, referenceChosen, referenceRejected }, settings), policyChosen, policyRejected };
}

/** [2B] → ([B] first half, [B] second half): rows b and b + B form pair b. */
function pairHalves(b: GraphBuilder, rows: Value): [Value, Value] {
  const byHalf = op.reshape(b, rows, [2, -1]);
  const half = (k: number) => op.gather(b, byHalf, b.constant({ dtype: 'int64', shape: [], data: BigInt64Array.of(BigInt(k)) }), 0);
  return [half(0), half(1)];
}
