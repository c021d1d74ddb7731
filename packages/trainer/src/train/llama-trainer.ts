import { SftObjective, type SftMetrics } from './sft-objective';
import { Trainer, type StepBookkeeping, type TrainerOptions } from './trainer';

export type { TrainerCheckpoint, TrainingMethod } from './trainer';
export type LlamaTrainerOptions = TrainerOptions;
export type StepMetrics = SftMetrics & StepBookkeeping;

/** Supervised fine-tuning of a Llama model: the Trainer with the token cross-entropy objective. */
export class LlamaTrainer extends Trainer<SftMetrics, SftObjective> {
  static async create(options: LlamaTrainerOptions): Promise<LlamaTrainer> {
    return new LlamaTrainer(await Trainer.assemble<SftMetrics, SftObjective>(options, new SftObjective(options.config, options.weights)));
  }
}
