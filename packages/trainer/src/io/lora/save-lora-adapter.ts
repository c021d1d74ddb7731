import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HostTensor } from '../../tensor/host-tensor';
import { writeSafetensorsFile } from '../safetensors';
import { loraPairDims, peftLoraTensorName, type LoraAdapterConfig, type LoraPair } from './lora-adapter';

/**
 * adapter_config.json exactly as PEFT writes it for a plain LoRA on a causal LM. Only fields that
 * PEFT versions since 0.10 all know are written (older PEFT rejects unknown keys), with PEFT's
 * defaults for everything we do not use.
 */
export function peftAdapterConfigJson(config: LoraAdapterConfig): Record<string, unknown> {
  return {
    alpha_pattern: {},
    auto_mapping: null,
    base_model_name_or_path: config.base_model_name_or_path,
    bias: 'none',
    fan_in_fan_out: false,
    inference_mode: true,
    init_lora_weights: true,
    layer_replication: null,
    layers_pattern: null,
    layers_to_transform: null,
    loftq_config: {},
    lora_alpha: config.lora_alpha,
    lora_dropout: config.lora_dropout,
    megatron_config: null,
    megatron_core: 'megatron.core',
    modules_to_save: null,
    peft_type: 'LORA',
    r: config.r,
    rank_pattern: {},
    revision: null,
    target_modules: [...config.target_modules].sort(),
    task_type: 'CAUSAL_LM',
    use_dora: false,
    use_rslora: config.use_rslora ?? false,
  };
}

/**
 * Writes a PEFT LoRA adapter folder: adapter_config.json + adapter_model.safetensors with tensors
 * `base_model.model.{module}.lora_A.weight` [r, in] and `.lora_B.weight` [out, r] (float32).
 * Every module must be one of the configured target modules and have rank r.
 */
export async function saveLoraAdapter(dir: string, config: LoraAdapterConfig, modules: ReadonlyMap<string, LoraPair>): Promise<void> {
  if (!Number.isInteger(config.r) || config.r <= 0) throw new Error(`saveLoraAdapter: r must be a positive integer, got ${config.r}`);
  if (modules.size === 0) throw new Error('saveLoraAdapter: no LoRA modules to save');
  const tensors = new Map<string, HostTensor>();
  for (const [modulePath, pair] of modules) {
    const moduleName = modulePath.split('.').at(-1)!;
    if (!config.target_modules.includes(moduleName)) {
      throw new Error(`saveLoraAdapter: ${modulePath} is not in target_modules [${config.target_modules.join(', ')}]`);
    }
    loraPairDims(modulePath, pair, config.r);
    tensors.set(peftLoraTensorName(modulePath, 'A'), pair.A);
    tensors.set(peftLoraTensorName(modulePath, 'B'), pair.B);
  }
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'adapter_config.json'), JSON.stringify(peftAdapterConfigJson(config), null, 2) + '\n');
  await writeSafetensorsFile(path.join(dir, 'adapter_model.safetensors'), tensors);
}
