import { deriveSeed, mulberry32 } from '../data/seeded-random';
import {
  LORA_TARGETABLE_MODULES,
  loraModulePaths,
  peftLoraTensorName,
  type LoraAdapter,
  type LoraTargetModule,
} from '../io/lora/lora-adapter';
import type { HostTensor } from '../tensor/host-tensor';
import type { LlamaConfig } from './llama-config';

/** LoRA hyperparameters of a training run (PEFT LoraConfig semantics). */
export interface LoraSettings {
  r: number;
  alpha: number;
  dropout: number;
  /** Module names (q_proj ... down_proj) or 'all-linear' (every projection of every layer; never lm_head). */
  targetModules: readonly string[] | 'all-linear';
  /** rsLoRA: scale alpha/sqrt(r) instead of alpha/r. */
  useRslora?: boolean;
}

export function resolveTargetModules(target: LoraSettings['targetModules']): LoraTargetModule[] {
  const all = Object.keys(LORA_TARGETABLE_MODULES) as LoraTargetModule[];
  if (target === 'all-linear') return all;
  for (const m of target) {
    if (!all.includes(m as LoraTargetModule)) throw new Error(`LoRA target module '${m}' is not one of ${all.join(', ')} or all-linear`);
  }
  return all.filter((m) => target.includes(m));
}

/** Graph input names of a module's LoRA matrices: exactly PEFT's adapter_model.safetensors keys. */
export function loraInputNames(modulePath: string): { A: string; B: string } {
  return { A: peftLoraTensorName(modulePath, 'A'), B: peftLoraTensorName(modulePath, 'B') };
}

/**
 * A fresh adapter initialised as PEFT does: A from kaiming_uniform(a=√5), i.e. U(-1/√in, 1/√in), B zero
 * (so training starts from the base model). Each A is drawn from its own stream seeded by
 * (seed, module path): the result depends only on the seed and the module, not on iteration order.
 */
export function initLoraAdapter(
  config: LlamaConfig,
  weights: ReadonlyMap<string, HostTensor>,
  settings: LoraSettings,
  seed: number,
  baseModelNameOrPath: string | null = null,
): LoraAdapter {
  const targets = resolveTargetModules(settings.targetModules);
  const modules: LoraAdapter['modules'] = new Map();
  for (const modulePath of loraModulePaths(config.num_hidden_layers, targets)) {
    const base = weights.get(`${modulePath}.weight`);
    if (!base || base.shape.length !== 2) throw new Error(`LoRA: no base weight ${modulePath}.weight`);
    const [outFeatures, inFeatures] = base.shape as [number, number];
    const random = mulberry32(deriveSeed(seed, 'lora_A', modulePath));
    const bound = 1 / Math.sqrt(inFeatures);
    const a = new Float32Array(settings.r * inFeatures).map(() => (2 * random() - 1) * bound);
    modules.set(modulePath, {
      A: { dtype: 'float32', shape: [settings.r, inFeatures], data: a },
      B: { dtype: 'float32', shape: [outFeatures, settings.r], data: new Float32Array(outFeatures * settings.r) },
    });
  }
  return {
    config: {
      r: settings.r,
      lora_alpha: settings.alpha,
      lora_dropout: settings.dropout,
      target_modules: targets,
      base_model_name_or_path: baseModelNameOrPath,
      use_rslora: settings.useRslora ?? false,
    },
    modules,
  };
}
