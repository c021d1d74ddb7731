import type { HostTensor } from '../tensor/host-tensor';

/** The lowest validation loss of a run and the step that reached it. */
export interface BestValidation {
  step: number;
  validLoss: number;
}

/**
 * Tracks the evaluation with the lowest validation loss (ties keep the earlier one, as transformers'
 * load_best_model_at_end) and, when the run is to deliver it, a copy of the trainable tensors at that
 * step: a second copy of the trained parameters in memory, taken only when a new best appears.
 */
export class BestCheckpoint {
  private bestValidation?: BestValidation;
  private bestWeights?: Map<string, HostTensor>;

  constructor(
    readonly keepWeights: boolean,
    restored?: { best?: BestValidation; weights?: Map<string, HostTensor> },
  ) {
    if (restored?.best) {
      if (keepWeights && !restored.weights) throw new Error(`the checkpoint has no weights of its best step ${restored.best.step} to deliver`);
      this.bestValidation = { ...restored.best };
      this.bestWeights = keepWeights ? restored.weights : undefined;
    }
  }

  /** Records an evaluation; `weights` (called only for a new best, when weights are kept) copies the trainable tensors. */
  observe(step: number, validLoss: number, weights: () => Map<string, HostTensor>): boolean {
    if (!(validLoss < (this.bestValidation?.validLoss ?? Infinity))) return false;
    this.bestValidation = { step, validLoss };
    if (this.keepWeights) this.bestWeights = weights();
    return true;
  }

  get best(): BestValidation | undefined {
    return this.bestValidation && { ...this.bestValidation };
  }

  /** The trainable tensors at the best step (only when weights are kept). */
  get weights(): Map<string, HostTensor> | undefined {
    return this.bestWeights;
  }
}
