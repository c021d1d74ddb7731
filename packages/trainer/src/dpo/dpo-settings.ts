import { z } from 'zod';

/** The DPO objectives, with TRL's `loss_type` names. */
export const DPO_LOSS_TYPES = ['sigmoid', 'ipo', 'hinge'] as const;
export type DpoLossType = (typeof DPO_LOSS_TYPES)[number];

/** DPO hyperparameters as TRL's DPOConfig names them (beta, label_smoothing, loss_type). */
export const dpoSettingsSchema = z
  .object({
    /** Strength of the implicit KL penalty (sigmoid), 1/margin (hinge), the regulariser τ (ipo). */
    beta: z.number().positive().finite(),
    /** Conservative DPO (cDPO): the assumed probability that a pair's labels are flipped. */
    labelSmoothing: z.number().min(0).max(0.5).default(0),
    lossType: z.enum(DPO_LOSS_TYPES).default('sigmoid'),
  })
  .strict()
  .superRefine((s, ctx) => {
    // TRL only warns and then ignores label_smoothing for these losses; we refuse instead of silently dropping it.
    if (s.labelSmoothing > 0 && s.lossType !== 'sigmoid') {
      ctx.addIssue({ code: 'custom', path: ['labelSmoothing'], message: `label smoothing applies to the sigmoid loss only, not ${s.lossType}` });
    }
  });

export type DpoSettingsInput = z.input<typeof dpoSettingsSchema>;
export type DpoSettings = z.output<typeof dpoSettingsSchema>;

export function parseDpoSettings(input: DpoSettingsInput): DpoSettings {
  return dpoSettingsSchema.parse(input);
}

/**
 * The loss when policy and reference agree (h = 0), i.e. at the first step of a run: ln 2 for
 * sigmoid (whatever the label smoothing), (1/(2β))² for ipo, 1 for hinge. A loss that stays here
 * with zero rewards means the policy is not moving away from the reference.
 */
export function dpoLossAtZeroMargin(settings: DpoSettings): number {
  switch (settings.lossType) {
    case 'sigmoid':
      return Math.LN2;
    case 'ipo':
      return (1 / (2 * settings.beta)) ** 2;
    case 'hinge':
      return 1;
  }
}
