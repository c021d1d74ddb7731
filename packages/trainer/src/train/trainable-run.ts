import type { LoraAdapter } from '../io/lora/lora-adapter';
import type { TrainableInput } from '../model/llama-graph';
import type { AdamW } from '../optim/adamw';
import type { HostTensor } from '../tensor/host-tensor';
import type { TrainerCheckpoint } from './trainer';
import type { TrainableState } from './trainable-state';

/**
 * What every trainer (supervised, preference) holds besides its graphs: the trainable tensors,
 * the optimizer, and how to read them out as a checkpoint, an adapter or a full set of weights.
 */
export abstract class TrainableRun {
  /** Seconds the last trainStep spent inside the training graph (the rest is host work: accumulation, clipping, AdamW). */
  lastStepGraphSeconds = 0;

  protected constructor(
    protected readonly baseWeights: ReadonlyMap<string, HostTensor>,
    protected readonly trainableInputs: readonly TrainableInput[],
    protected readonly state: TrainableState,
    protected readonly optimizer: AdamW,
    protected readonly loraAdapterConfig: LoraAdapter['config'] | undefined,
  ) {}

  /** Runs a training-graph call, adding its time to lastStepGraphSeconds. */
  protected async timedRun<T>(run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await run();
    } finally {
      this.lastStepGraphSeconds += (performance.now() - start) / 1000;
    }
  }

  /** Optimizer steps taken. */
  get step(): number {
    return this.optimizer.step;
  }

  /** How many tensors and values are trained (without copying them, unlike checkpoint()). */
  trainableSize(): { tensors: number; parameters: number } {
    const parameters = this.trainableInputs.reduce((n, t) => n + t.shape.reduce((a, d) => a * d, 1), 0);
    return { tensors: this.trainableInputs.length, parameters };
  }

  checkpoint(): TrainerCheckpoint {
    return { step: this.optimizer.step, trainable: this.state.snapshot(), optimizer: this.optimizer.exportState() };
  }

  restore(checkpoint: TrainerCheckpoint): void {
    this.state.restore(checkpoint.trainable);
    this.optimizer.importState(checkpoint.optimizer);
  }

  /** The trained adapter (LoRA runs). */
  loraAdapter(): LoraAdapter {
    if (!this.loraAdapterConfig) throw new Error('loraAdapter(): this run is full fine-tuning');
    return this.state.toLoraAdapter(this.loraAdapterConfig);
  }

  /**
   * Base weights with the trained tensors in place (full fine-tuning), or the base weights (LoRA). A run
   * trained in place already holds them in the base arrays: those are returned, not a model-sized copy
   * (they change if the trainer steps again).
   */
  trainedWeights(): Map<string, HostTensor> {
    const out = new Map(this.baseWeights);
    if (!this.loraAdapterConfig && !this.state.inPlace) for (const [name, t] of this.state.snapshot()) out.set(name, t);
    return out;
  }

  /** Graph feeds of the trainable tensors (for an inference graph over the same trainable inputs). */
  trainableFeeds(): Record<string, HostTensor> {
    return this.state.feeds();
  }
}
