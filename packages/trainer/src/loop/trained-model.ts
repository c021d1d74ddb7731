import type { LoraAdapter } from '../io/lora/lora-adapter';
import { saveLoraAdapter } from '../io/lora/save-lora-adapter';
import { saveModelFolder, type TokenizerFilesSource } from '../io/model-folder/save-model-folder';
import type { LlamaConfig } from '../model/llama-config';
import type { HostTensor } from '../tensor/host-tensor';

/** What a run produced: a LoRA adapter for the base model, or a whole new set of weights. */
export type TrainedModel =
  | { kind: 'lora'; adapter: LoraAdapter }
  | { kind: 'full'; config: LlamaConfig; weights: Map<string, HostTensor> };

/**
 * Writes a run's result: a PEFT adapter folder (adapter_config.json + adapter_model.safetensors) for
 * LoRA, a Hugging Face model folder with the tokenizer files copied beside it for full fine-tuning.
 * Returns the file names written.
 */
export async function saveTrainedModel(dir: string, model: TrainedModel, tokenizerFiles?: TokenizerFilesSource): Promise<string[]> {
  if (model.kind === 'lora') {
    await saveLoraAdapter(dir, model.adapter.config, model.adapter.modules);
    return ['adapter_config.json', 'adapter_model.safetensors'];
  }
  return saveModelFolder(dir, model.config, model.weights, tokenizerFiles);
}
