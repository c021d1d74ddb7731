import type { LoraAdapter } from '../io/lora/lora-adapter';
import type { LlamaConfig } from '../model/llama-config';
import type { TrainableInput } from '../model/llama-graph';
import { initLoraAdapter } from '../model/lora';
import type { HostTensor } from '../tensor/host-tensor';
import { AdamW, DEFAULT_ADAMW, type AdamWHyperparameters } from '../optim/adamw';
import { shouldDecay, type DecayPolicy } from '../optim/weight-decay';
import type { TrainingMethod } from './trainer';
import { TrainableState } from './trainable-state';

/**
 * The tensors a run starts from (every trainer): the base weights for full fine-tuning (copied, or trained in place); for LoRA the given adapter or a fresh PEFT-style init (B = 0) from the seed.
 */
export function initialTrainableState(
  config: LlamaConfig,
  weights: ReadonlyMap<string, HostTensor>,
  method: TrainingMethod,
  trainableInputs: readonly TrainableInput[],
  seed: number,
): { state: TrainableState; loraAdapterConfig?: LoraAdapter['config'] } {
  if (method.kind === 'full') return { state: TrainableState.fromWeights(trainableInputs, weights, method.inPlace) };
  const adapter = method.adapter ?? initLoraAdapter(config, weights, method.lora, seed);
  if (adapter.config.r !== method.lora.r || adapter.config.lora_alpha !== method.lora.alpha) {
    throw new Error(`the starting adapter has r=${adapter.config.r}, alpha=${adapter.config.lora_alpha}; the run asks r=${method.lora.r}, alpha=${method.lora.alpha}`);
  }
  return { state: TrainableState.fromLoraAdapter(trainableInputs, adapter), loraAdapterConfig: adapter.config };
}

/** AdamW over the trainable inputs, with weight decay off where the decay policy says so. */
export function optimizerFor(
  trainableInputs: readonly TrainableInput[],
  options: { adamw?: Partial<AdamWHyperparameters>; decayPolicy?: DecayPolicy },
): AdamW {
  return new AdamW(
    trainableInputs.map((t) => ({ name: t.name, size: t.shape.reduce((a, d) => a * d, 1), decay: shouldDecay(t.name, options.decayPolicy) })),
    { ...DEFAULT_ADAMW, ...options.adamw },
  );
}
