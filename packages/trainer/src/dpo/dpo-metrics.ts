/** DPO metrics under TRL's names, so logs and dashboards read the same as a TRL run's. */
export interface DpoMetrics {
  loss: number;
  /** Mean of β·(π_chosen − ref_chosen). */
  'rewards/chosen': number;
  /** Mean of β·(π_rejected − ref_rejected). */
  'rewards/rejected': number;
  /** Fraction of pairs whose chosen reward is strictly above the rejected one (ties count as misses, as in TRL). */
  'rewards/accuracies': number;
  /** Mean of reward_chosen − reward_rejected. */
  'rewards/margins': number;
  /** Mean policy log-prob of the chosen completions (per-token means for ipo, sums otherwise). */
  'logps/chosen': number;
  'logps/rejected': number;
  /** Pairs the metrics average over. */
  pairs: number;
}

/** Per-pair values read from the DPO graph's outputs, concatenated over micro-batches. */
export interface PairValues {
  policyChosen: number[];
  policyRejected: number[];
  rewardsChosen: number[];
  rewardsRejected: number[];
}

export function emptyPairValues(): PairValues {
  return { policyChosen: [], policyRejected: [], rewardsChosen: [], rewardsRejected: [] };
}

export function appendPairValues(into: PairValues, part: { [K in keyof PairValues]: ArrayLike<number> }): void {
  for (const key of Object.keys(into) as (keyof PairValues)[]) into[key].push(...Array.from(part[key]));
}

/** Averages over all pairs; `loss` is already the pair-weighted mean of the micro-batch losses. */
export function dpoMetrics(loss: number, values: PairValues): DpoMetrics {
  const n = values.rewardsChosen.length;
  const mean = (xs: number[]) => (n === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / n);
  const margins = values.rewardsChosen.map((c, i) => c - values.rewardsRejected[i]!);
  return {
    loss,
    'rewards/chosen': mean(values.rewardsChosen),
    'rewards/rejected': mean(values.rewardsRejected),
    'rewards/accuracies': mean(margins.map((m) => (m > 0 ? 1 : 0))),
    'rewards/margins': mean(margins),
    'logps/chosen': mean(values.policyChosen),
    'logps/rejected': mean(values.policyRejected),
    pairs: n,
  };
}
