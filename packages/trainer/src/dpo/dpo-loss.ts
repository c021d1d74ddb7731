import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import type { DpoSettings } from './dpo-settings';
import { logSigmoid } from './log-sigmoid';

/** Completion log-probabilities of B pairs, each [B]. */
export interface PairLogps {
  policyChosen: Value;
  policyRejected: Value;
  referenceChosen: Value;
  referenceRejected: Value;
}

export interface DpoLoss {
  /** Mean over the pairs of `losses`. */
  loss: Value;
  /** [B] per-pair loss. */
  losses: Value;
  /** [B] β · (π_chosen − ref_chosen): the implicit reward of the chosen completion. */
  chosenRewards: Value;
  /** [B] β · (π_rejected − ref_rejected). */
  rejectedRewards: Value;
}

/**
 * The DPO objectives as TRL's DPOTrainer.dpo_loss computes them, with
 *   h = (π_chosen − π_rejected) − (ref_chosen − ref_rejected)   (TRL's `logits`)
 *   sigmoid: −(1 − ε) · log σ(β·h) − ε · log σ(−β·h)   (DPO, Rafailov et al. 2023; ε = label_smoothing, cDPO)
 *   ipo:     (h − 1/(2β))²                                (IPO, Azar et al. 2023, eq. 17 with τ = β)
 *   hinge:   relu(1 − β·h)                                (SLiC, Zhao et al. 2023; β = 1/margin)
 * and the rewards β·(π − ref), which TRL logs detached (they are metrics, not on the loss path).
 */
export function dpoLoss(b: GraphBuilder, logps: PairLogps, settings: DpoSettings): DpoLoss {
  return b.scope('dpo', () => {
    const { beta, labelSmoothing, lossType } = settings;
    const policyMargin = op.sub(b, logps.policyChosen, logps.policyRejected);
    const referenceMargin = op.sub(b, logps.referenceChosen, logps.referenceRejected);
    const h = op.sub(b, policyMargin, referenceMargin, 'dpo.logits');
    let losses: Value;
    if (lossType === 'sigmoid') {
      const scaled = op.mul(b, h, beta);
      losses = op.neg(b, logSigmoid(b, scaled));
      if (labelSmoothing > 0) {
        losses = op.add(b, op.mul(b, losses, 1 - labelSmoothing), op.mul(b, op.neg(b, logSigmoid(b, op.neg(b, scaled))), labelSmoothing));
      }
    } else if (lossType === 'ipo') {
      const d = op.sub(b, h, 1 / (2 * beta));
      losses = op.mul(b, d, d);
    } else {
      // relu from Where: ORT's Relu would need a gradient rule; at the kink this gives 0, as torch does.
      const z = op.sub(b, 1, op.mul(b, h, beta));
      losses = op.where(b, op.greater(b, z, 0), z, 0);
    }
    losses = op.identity(b, losses, 'dpo.losses');
    return {
      loss: op.reduceMean(b, losses, [], false, 'dpo.loss'),
      losses,
      chosenRewards: op.mul(b, op.sub(b, logps.policyChosen, logps.referenceChosen), beta, 'dpo.rewards_chosen'),
      rejectedRewards: op.mul(b, op.sub(b, logps.policyRejected, logps.referenceRejected), beta, 'dpo.rewards_rejected'),
    };
  });
}
