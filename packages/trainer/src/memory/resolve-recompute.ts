import type { LlamaConfig } from '../model/llama-config';
import type { LoraSettings } from '../model/lora';
import { needsRecompute } from './predict-training-memory';

/** What 'auto' recomputation decides by: the largest micro-batch a run feeds and the memory it may use. */
export interface MemoryPlan {
  /** Bytes the training process may hold (the worker's memory less what else runs there). */
  budgetBytes: number;
  /** Rows per micro-batch (DPO: chosen + rejected sequences). */
  rows: number;
  /** Tokens of the longest row. */
  seq: number;
  /** Micro-batches per optimizer step. */
  microBatches?: number;
}

interface RecomputeOptions {
  config: LlamaConfig;
  method: { kind: 'full'; inPlace?: boolean } | { kind: 'lora'; lora: LoraSettings };
  recompute?: boolean | 'auto';
  memory?: MemoryPlan;
}

/** true/false as given; 'auto' (default): on when the memory model says the step would not fit the plan's budget without it. */
export function resolveRecompute(options: RecomputeOptions, objective: 'sft' | 'dpo'): boolean {
  if (typeof options.recompute === 'boolean') return options.recompute;
  if (!options.memory) return false;
  const { budgetBytes, rows, seq, microBatches } = options.memory;
  const method = options.method.kind === 'full' ? { kind: 'full' as const, inPlace: options.method.inPlace ?? false } : { kind: 'lora' as const, r: options.method.lora.r, targetModules: options.method.lora.targetModules };
  return needsRecompute({ config: options.config, method, objective, rows, seq, microBatches }, budgetBytes);
}
