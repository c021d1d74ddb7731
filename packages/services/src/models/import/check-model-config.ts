import { checkModelConfig, parseLlamaConfig, type ParsedLlamaConfig } from '@whetstone/trainer';
import type { ModelProblem } from './model-problem';

export interface CheckedModelConfig {
  problems: ModelProblem[];
  /** Present when config.json is one the engine can build (transformers' defaults filled in). */
  config?: ParsedLlamaConfig;
}

/**
 * Glue over the engine's own config validation (@whetstone/trainer checkModelConfig): the engine
 * decides what it supports; this only turns its verdict into report entries (file, field, reason).
 */
export function checkConfigJson(raw: unknown): CheckedModelConfig {
  const problems = checkModelConfig(raw);
  if (problems.length > 0) {
    return { problems: problems.map((p) => ({ file: 'config.json', field: p.field && p.field !== '(root)' ? p.field : null, reason: `${p.reason}${describeValue(p.value)}` })) };
  }
  return { problems: [], config: parseLlamaConfig(raw, 'config.json') };
}

function describeValue(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 80 ? '' : ` (got ${text})`;
}
