import type { LlamaConfig } from '../model/llama-config';
export interface TrainingMemoryInput {
  config: LlamaConfig;
  method: { kind: 'full' } | { kind: 'lora'; r: number; targetModules: readonly string[] | 'all-linear' };
  objective: 'sft' | 'dpo';
  rows: number;
  seq: number;
}
export function predictTrainingMemory(_input: TrainingMemoryInput): { total: number; parts: Record<string, number> } {
  return { total: 1, parts: {} };
}
