import type { StepBookkeeping, TrainerOptions } from '../train/trainer';
import { Trainer } from '../train/trainer';
import type { DpoMetrics } from './dpo-metrics';
import type { DpoSettingsInput } from './dpo-settings';
import { DpoObjective } from './dpo-objective';
import type { ReferenceLogps } from './reference-logps';

/** A trainer's options plus the DPO hyperparameters. */
export interface DpoTrainerOptions extends TrainerOptions {
  dpo: DpoSettingsInput;
}

export type DpoStepMetrics = DpoMetrics & StepBookkeeping;

/** Preference tuning (DPO, IPO, hinge) of a Llama model, LoRA or full: the Trainer with the DPO objective. */
export class DpoTrainer extends Trainer<DpoMetrics, DpoObjective> {
  static async create(options: DpoTrainerOptions): Promise<DpoTrainer> {
    if (options.method.kind === 'full' && options.method.inPlace) {
      throw new Error('full DPO cannot train the base weights in place: they are its reference model');
    }
    const objective = await DpoObjective.create(options.config, options.weights, options.dpo, options.runtime, options.sessions);
    return new DpoTrainer(await Trainer.assemble<DpoMetrics, DpoObjective>(options, objective));
  }

  /** The frozen reference that scores each sequence once. */
  get reference(): ReferenceLogps {
    return this.objective.reference;
  }
}
