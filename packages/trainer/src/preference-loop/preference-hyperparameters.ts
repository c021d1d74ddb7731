import { z } from 'zod';
import { dpoSettingsSchema } from '../dpo/dpo-settings';
import { commonTrainingFields } from '../loop/sft-hyperparameters';


/**
 * Every knob of a preference (DPO) run, named as the supervised run's (parseSftHyperparameters) where
 * they mean the same, plus TRL's DPO settings. One optimizer step consumes `gradientAccumulationSteps`
 * micro-batches of `batchSize` preference pairs (2 × batchSize sequences). A run lasts `epochs`
 * epochs, or `maxSteps` optimizer steps, whichever ends first.
 */
export const preferenceHyperparametersSchema = z
  .object({
    ...commonTrainingFields,
    /** DPO moves far less than SFT: TRL defaults to 1e-6 for full fine-tuning; LoRA takes larger rates. */
    learningRate: z.number().positive().default(5e-6),
    /** DPO's beta (TRL DPOConfig.beta). */
    beta: z.number().positive().finite().default(0.1),
    /** cDPO label smoothing (TRL label_smoothing); sigmoid loss only. */
    labelSmoothing: z.number().min(0).max(0.5).default(0),
    /** TRL loss_type: sigmoid (DPO), ipo, hinge. */
    lossType: dpoSettingsSchema.shape.lossType,
  })
  .superRefine((hp, ctx) => {
    const dpo = dpoSettingsSchema.safeParse({ beta: hp.beta, labelSmoothing: hp.labelSmoothing, lossType: hp.lossType });
    if (!dpo.success) for (const issue of dpo.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  })
  .transform((hp) => (hp.epochs === undefined && hp.maxSteps === undefined ? { ...hp, epochs: 1 } : hp));

export type PreferenceHyperparameters = z.output<typeof preferenceHyperparametersSchema>;
export type PreferenceHyperparametersInput = z.input<typeof preferenceHyperparametersSchema>;

/** Validates hyperparameters and fills defaults; the error lists every bad field by path. */
export function parsePreferenceHyperparameters(input: PreferenceHyperparametersInput): PreferenceHyperparameters {
  const parsed = preferenceHyperparametersSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`invalid hyperparameters: ${problems.join('; ')}`);
  }
  return parsed.data;
}
