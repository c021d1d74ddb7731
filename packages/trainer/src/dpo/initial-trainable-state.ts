import type { LoraAdapter } from '../io/lora/lora-adapter';
import type { LlamaConfig } from '../model/llama-config';
import type { TrainableInput } from '../model/llama-graph';
import { initLoraAdapter } from '../model/lora';
import type { HostTensor } from '../tensor/host-tensor';
import type { TrainingMethod } from '../train/llama-trainer';
import { TrainableState } from '../train/trainable-state';

/**
 * The tensors a run starts from, exactly as LlamaTrainer starts an SFT run: the base weights for
 * full fine-tuning; for LoRA the given adapter or a fresh PEFT-style init (B = 0) from the seed.
 */
export function initialTrainableState(
  config: LlamaConfig,
  weights: ReadonlyMap<string, HostTensor>,
  method: TrainingMethod,
  trainableInputs: readonly TrainableInput[],
  seed: number,
): { state: TrainableState; loraAdapterConfig?: LoraAdapter['config'] } {
  if (method.kind === 'full') return { state: TrainableState.fromWeights(trainableInputs, weights) };
  const adapter = method.adapter ?? initLoraAdapter(config, weights, method.lora, seed);
  if (adapter.config.r !== method.lora.r || adapter.config.lora_alpha !== method.lora.alpha) {
    throw new Error(`the starting adapter has r=${adapter.config.r}, alpha=${adapter.config.lora_alpha}; the run asks r=${method.lora.r}, alpha=${method.lora.alpha}`);
  }
  return { state: TrainableState.fromLoraAdapter(trainableInputs, adapter), loraAdapterConfig: adapter.config };
}
