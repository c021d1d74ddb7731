import type { LoraAdapter } from '../io/lora/lora-adapter';
import type { HostTensor } from '../tensor/host-tensor';
import type { LlamaConfig } from './llama-config';
import { initLoraAdapter, resolveTargetModules, type LoraSettings } from './lora';

/**
 * The adapter a LoRA run starts from: a warm start's given adapter (a previous run's result or
 * checkpoint), or the fresh init drawn from the seed. A given adapter must have the run's rank,
 * alpha, scaling and target modules (otherwise it is another model shape, not a continuation);
 * it takes the run's dropout and base model name, and is never mutated.
 */
export function startingAdapter(
  options: { config: LlamaConfig; weights: ReadonlyMap<string, HostTensor>; initialAdapter?: LoraAdapter; baseModelNameOrPath?: string },
  lora: LoraSettings,
  seed: number,
): LoraAdapter {
  const baseName = options.baseModelNameOrPath ?? null;
  const given = options.initialAdapter;
  if (!given) return initLoraAdapter(options.config, options.weights, lora, seed, baseName);
  const targets = resolveTargetModules(lora.targetModules);
  const problems: string[] = [];
  if (given.config.r !== lora.r) problems.push(`rank ${given.config.r}, the run ${lora.r}`);
  if (given.config.lora_alpha !== lora.alpha) problems.push(`alpha ${given.config.lora_alpha}, the run ${lora.alpha}`);
  if ((given.config.use_rslora ?? false) !== (lora.useRslora ?? false)) problems.push('another LoRA scaling (rsLoRA)');
  const givenTargets = [...given.config.target_modules].sort().join(',');
  if (givenTargets !== [...targets].sort().join(',')) problems.push(`target modules ${givenTargets}, the run ${targets.join(',')}`);
  const fresh = initLoraAdapter(options.config, options.weights, { ...lora, r: given.config.r }, seed, baseName);
  for (const path of fresh.modules.keys()) if (!given.modules.has(path)) problems.push(`no matrices for ${path}`);
  if (problems.length > 0) throw new Error(`the starting adapter does not match the run: it has ${problems.join('; ')}`);
  const modules: LoraAdapter['modules'] = new Map();
  for (const [path, pair] of given.modules) {
    const shape = fresh.modules.get(path);
    if (!shape) throw new Error(`the starting adapter has matrices for ${path}, which the run does not adapt`);
    if (pair.A.shape.join('x') !== shape.A.shape.join('x') || pair.B.shape.join('x') !== shape.B.shape.join('x')) {
      throw new Error(`the starting adapter's ${path} is A [${pair.A.shape}] B [${pair.B.shape}]; this model needs A [${shape.A.shape}] B [${shape.B.shape}]`);
    }
    // Copies: the trainer updates its state in place and the caller's adapter stays as given.
    modules.set(path, { A: { ...pair.A, data: pair.A.data.slice() } as HostTensor, B: { ...pair.B, data: pair.B.data.slice() } as HostTensor });
  }
  return { config: { ...given.config, lora_dropout: lora.dropout, target_modules: targets, base_model_name_or_path: baseName }, modules };
}
