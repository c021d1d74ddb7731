import { IGNORE_INDEX } from '../data/batch';
import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import type { TokenScores } from './chunked-token-nll';

export interface SequenceLogProbs {
  /** [N]: Σ_t w_t · log p(labels[n, t] | tokens before t) over each row's labelled positions. */
  logps: Value;
  /** [N]: Σ_t w_t over the same positions (the completion length when weights are 0/1). */
  weights: Value;
}

/**
 * Per-sequence log-probabilities with HF's label convention (labels unshifted, -100 not counted):
 * logits at position t score labels[n, t+1], exactly as the causal-LM loss does, but summed per row
 * instead of averaged over the batch. DPO compares these sums between a policy and a reference.
 */
export function sequenceLogProbs(b: GraphBuilder, scoresFor: (targets: Value) => TokenScores, labels: Value, labelWeights: Value): SequenceLogProbs {
  return b.scope('sequence_logps', () => {
    const dtype = labelWeights.dtype;
    const targets = op.pad(b, op.slice(b, labels, [1], [Number.MAX_SAFE_INTEGER], [1]), [0, 0, 0, 1], IGNORE_INDEX);
    const shiftedWeights = op.pad(b, op.slice(b, labelWeights, [1], [Number.MAX_SAFE_INTEGER], [1]), [0, 0, 0, 1], 0);
    const counted = op.not(b, op.equal(b, targets, IGNORE_INDEX));
    const safeTargets = op.where(b, counted, targets, 0);
    const picked = op.neg(b, scoresFor(safeTargets).nll);
    const w = op.mul(b, shiftedWeights, op.cast(b, counted, dtype));
    return {
      logps: op.reduceSum(b, op.mul(b, picked, w), [1], false),
      weights: op.reduceSum(b, w, [1], false),
    };
  });
}
