import type { HostTensor } from '../../tensor/host-tensor';

/** The linear layers of a Llama block LoRA can target, and the block part each lives in. */
export const LORA_TARGETABLE_MODULES = {
  q_proj: 'self_attn',
  k_proj: 'self_attn',
  v_proj: 'self_attn',
  o_proj: 'self_attn',
  gate_proj: 'mlp',
  up_proj: 'mlp',
  down_proj: 'mlp',
} as const;

export type LoraTargetModule = keyof typeof LORA_TARGETABLE_MODULES;

/** The LoRA settings we read and write (a subset of PEFT's LoraConfig, same field names). */
export interface LoraAdapterConfig {
  r: number;
  lora_alpha: number;
  lora_dropout: number;
  target_modules: string[];
  base_model_name_or_path: string | null;
  /** rsLoRA scales by alpha/sqrt(r) instead of alpha/r. */
  use_rslora?: boolean;
}

/** One adapted linear layer: W [out, in] becomes W + scale · B · A. */
export interface LoraPair {
  A: HostTensor; // [r, in]
  B: HostTensor; // [out, r]
}

/**
 * A LoRA adapter in memory. Keys are module paths equal to the base model's weight names without
 * `.weight` (e.g. `model.layers.0.self_attn.q_proj`), so merging and PEFT export are direct mappings.
 */
export interface LoraAdapter {
  config: LoraAdapterConfig;
  modules: Map<string, LoraPair>;
}

/** PEFT's tensor name for a module's A or B matrix in adapter_model.safetensors. */
export function peftLoraTensorName(modulePath: string, matrix: 'A' | 'B'): string {
  return `base_model.model.${modulePath}.lora_${matrix}.weight`;
}

/** Inverse of peftLoraTensorName; also accepts names still carrying PEFT's adapter name (`lora_A.default.weight`). */
export function parsePeftLoraTensorName(name: string): { modulePath: string; matrix: 'A' | 'B' } | undefined {
  const match = /^base_model\.model\.(.+)\.lora_(A|B)(?:\.[A-Za-z0-9_-]+)?\.weight$/.exec(name);
  return match ? { modulePath: match[1]!, matrix: match[2] as 'A' | 'B' } : undefined;
}

/** Module paths of `targetModules` in every layer, e.g. `model.layers.3.mlp.up_proj`. */
export function loraModulePaths(numLayers: number, targetModules: readonly string[]): string[] {
  const paths: string[] = [];
  for (let i = 0; i < numLayers; i++) {
    for (const module of targetModules) {
      const part = LORA_TARGETABLE_MODULES[module as LoraTargetModule];
      if (!part) throw new Error(`LoRA target module "${module}" is not one of ${Object.keys(LORA_TARGETABLE_MODULES).join(', ')}`);
      paths.push(`model.layers.${i}.${part}.${module}`);
    }
  }
  return paths;
}

/** The factor LoRA's update is multiplied by: alpha/r, or alpha/sqrt(r) with rsLoRA. */
export function loraScale(config: Pick<LoraAdapterConfig, 'lora_alpha' | 'use_rslora'>, rank: number): number {
  return config.use_rslora ? config.lora_alpha / Math.sqrt(rank) : config.lora_alpha / rank;
}

/** Checks one pair's shapes against each other and the adapter rank; returns [out, r, in]. */
export function loraPairDims(modulePath: string, pair: LoraPair, rank?: number): [number, number, number] {
  const [r, inFeatures] = pair.A.shape;
  const [outFeatures, rB] = pair.B.shape;
  if (pair.A.shape.length !== 2 || pair.B.shape.length !== 2 || r === undefined || inFeatures === undefined || outFeatures === undefined) {
    throw new Error(`${modulePath}: LoRA A and B must be matrices, got A [${pair.A.shape}] and B [${pair.B.shape}]`);
  }
  if (rB !== r) throw new Error(`${modulePath}: lora_A is [${pair.A.shape}] but lora_B is [${pair.B.shape}]: ranks differ`);
  if (rank !== undefined && r !== rank) throw new Error(`${modulePath}: rank ${r} does not match r = ${rank}`);
  if (pair.A.dtype !== 'float32' || pair.B.dtype !== 'float32') throw new Error(`${modulePath}: LoRA matrices must be float32`);
  return [outFeatures, r, inFeatures];
}
