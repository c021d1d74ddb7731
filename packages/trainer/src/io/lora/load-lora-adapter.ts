import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SafetensorsFile } from '../safetensors';
import { toFloat32 } from '../model-folder/to-float32';
import { loraPairDims, parsePeftLoraTensorName, type LoraAdapter, type LoraAdapterConfig, type LoraPair } from './lora-adapter';

/**
 * Reads a PEFT LoRA adapter folder (adapter_config.json + adapter_model.safetensors). PEFT
 * features that change the math beyond W + scale·B·A (DoRA, per-module alphas, biases, extra
 * trained modules, fan-in/fan-out layout) are refused with an error rather than misapplied.
 * Per-module ranks (`rank_pattern`) need no special handling: each module's rank is its A's rows.
 */
export async function loadLoraAdapter(dir: string): Promise<LoraAdapter> {
  const configPath = path.join(dir, 'adapter_config.json');
  const weightsPath = path.join(dir, 'adapter_model.safetensors');
  if (!existsSync(configPath)) throw new Error(`${dir}: no adapter_config.json`);
  if (!existsSync(weightsPath)) throw new Error(`${dir}: no adapter_model.safetensors (only safetensors adapters are supported)`);
  const config = parseAdapterConfig(JSON.parse(await readFile(configPath, 'utf8')), configPath);

  const partial = new Map<string, Partial<LoraPair>>();
  const file = await SafetensorsFile.open(weightsPath);
  try {
    for (const name of file.names()) {
      const parsed = parsePeftLoraTensorName(name);
      if (!parsed) throw new Error(`${weightsPath}: unexpected tensor "${name}" (not a LoRA A/B weight)`);
      const pair = partial.get(parsed.modulePath) ?? {};
      pair[parsed.matrix] = toFloat32(await file.readTensor(name), name);
      partial.set(parsed.modulePath, pair);
    }
  } finally {
    await file.close();
  }

  const modules = new Map<string, LoraPair>();
  for (const [modulePath, { A, B }] of partial) {
    if (!A || !B) throw new Error(`${weightsPath}: ${modulePath} has lora_${A ? 'A' : 'B'} but no lora_${A ? 'B' : 'A'}`);
    loraPairDims(modulePath, { A, B });
    modules.set(modulePath, { A, B });
  }
  return { config, modules };
}

function parseAdapterConfig(raw: Record<string, unknown>, source: string): LoraAdapterConfig {
  const fail = (field: string, why: string): never => {
    throw new Error(`${source}: ${field}: ${why}`);
  };
  if (raw.peft_type !== 'LORA') fail('peft_type', `expected "LORA", got ${JSON.stringify(raw.peft_type)}`);
  if (typeof raw.r !== 'number' || !Number.isInteger(raw.r) || raw.r <= 0) fail('r', 'must be a positive integer');
  if (typeof raw.lora_alpha !== 'number') fail('lora_alpha', 'must be a number');
  if (raw.use_dora === true) fail('use_dora', 'DoRA adapters are not supported');
  if (raw.fan_in_fan_out === true) fail('fan_in_fan_out', 'transposed (Conv1D) layouts are not supported');
  if (raw.bias !== undefined && raw.bias !== 'none') fail('bias', 'adapters with trained biases are not supported');
  if (isNonEmpty(raw.alpha_pattern)) fail('alpha_pattern', 'per-module alphas are not supported');
  if (isNonEmpty(raw.modules_to_save)) fail('modules_to_save', 'fully trained extra modules are not supported');
  const targets = raw.target_modules;
  const targetModules = typeof targets === 'string' ? [targets] : Array.isArray(targets) ? targets.map(String) : fail('target_modules', 'must be a list');
  return {
    r: raw.r as number,
    lora_alpha: raw.lora_alpha as number,
    lora_dropout: typeof raw.lora_dropout === 'number' ? raw.lora_dropout : 0,
    target_modules: targetModules,
    base_model_name_or_path: typeof raw.base_model_name_or_path === 'string' ? raw.base_model_name_or_path : null,
    use_rslora: raw.use_rslora === true,
  };
}

function isNonEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

