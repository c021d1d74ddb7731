import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import { IGNORE_INDEX } from '../data/batch';
import type { TokenScores } from './chunked-token-nll';


export interface TokenLoss {
  /** Weighted mean cross-entropy over label positions: Σ w·nll / Σ w. */
  loss: Value;
  /** Fraction of label positions with weight > 0 where the label's logit is the largest (the arg-max token is the label). */
  accuracy: Value;
}

/**
 * Causal-LM loss with HF's label convention: labels[b, t] is the token at position t (-100 where it
 * does not count), and logits at position t predict labels[b, t+1]. The graph shifts labels and
 * weights left by one instead of slicing logits. `labelWeights[b, t]` weights labels[b, t] (the
 * per-message weight of OpenAI's chat format; all ones for a plain masked mean). `scoresFor` gives the
 * per-token NLL and hit (target's logit the largest) for the shifted targets (chunked from the hidden states, or from logits).
 */
export function causalLmLoss(b: GraphBuilder, scoresFor: (targets: Value) => TokenScores, labels: Value, labelWeights: Value): TokenLoss {
  return b.scope('loss', () => {
    const dtype = labelWeights.dtype;
    const targets = op.pad(b, op.slice(b, labels, [1], [Number.MAX_SAFE_INTEGER], [1]), [0, 0, 0, 1], IGNORE_INDEX, 'loss.shift_labels');
    const weights = op.pad(b, op.slice(b, labelWeights, [1], [Number.MAX_SAFE_INTEGER], [1]), [0, 0, 0, 1], 0, 'loss.shift_weights');
    const counted = op.not(b, op.equal(b, targets, IGNORE_INDEX));
    const safeTargets = op.where(b, counted, targets, 0);
    const scores = scoresFor(safeTargets);
    const w = op.mul(b, weights, op.cast(b, counted, dtype), 'loss.token_weights');
    const weightSum = op.max(b, op.reduceSum(b, w, [], false), 1e-12);
    const loss = op.div(b, op.reduceSum(b, op.mul(b, scores.nll, w), [], false), weightSum, 'loss');

    const scored = op.cast(b, op.and(b, counted, op.greater(b, weights, 0)), dtype);
    const hits = op.cast(b, scores.hit, dtype);
    const scoredCount = op.max(b, op.reduceSum(b, scored, [], false), 1);
    const accuracy = op.div(b, op.reduceSum(b, op.mul(b, hits, scored), [], false), scoredCount, 'mean_token_accuracy');
    return { loss, accuracy };
  });
}
