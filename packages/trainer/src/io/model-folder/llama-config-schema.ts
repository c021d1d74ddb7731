import type { LlamaConfig, RopeScaling } from '../../model/llama-config';
import { checkModelConfig, describeConfigProblems, type ModelConfigProblem } from './check-model-config';

export { SUPPORTED_MODEL_TYPES } from '../../model/architecture';

/** A validated config: the LlamaConfig fields, plus whatever else the file held. */
export type ParsedLlamaConfig = LlamaConfig & Record<string, unknown>;

/** A config.json the engine refuses; `problems` lists every reason (field, value, reason). */
export class ModelConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: ModelConfigProblem[],
  ) {
    super(`${source}: ${describeConfigProblems(problems)}`);
    this.name = 'ModelConfigError';
  }
}

/**
 * Validates a parsed config.json (`checkModelConfig`; throws ModelConfigError naming every problem)
 * and normalises it: transformers' defaults for omitted fields, nulls dropped, transformers 5's
 * `rope_parameters` read as `rope_theta` + `rope_scaling`, `rope_scaling.type` as `rope_type`, and
 * `rope_type: "default"` as no scaling. Fields the engine does not read are kept, so a saved
 * fine-tune keeps the original config.
 */
export function parseLlamaConfig(raw: unknown, source = 'config.json'): ParsedLlamaConfig {
  const problems = checkModelConfig(raw);
  if (problems.length > 0) throw new ModelConfigError(source, problems);
  const { rope_parameters: ropeParameters, ...rest } = raw as Record<string, unknown>;
  // null means "not set" in HF configs; drop those keys so optional fields are simply absent.
  const config = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null)) as ParsedLlamaConfig;
  if (ropeParameters) {
    const { rope_theta, ...scaling } = ropeParameters as Record<string, unknown>;
    config.rope_theta = rope_theta as number;
    config.rope_scaling = scaling as unknown as RopeScaling;
  }
  const scaling = normaliseRopeScaling(config.rope_scaling);
  if (scaling) config.rope_scaling = scaling;
  else delete config.rope_scaling;
  config.num_key_value_heads ??= config.num_attention_heads;
  config.max_position_embeddings ??= 2048;
  config.rms_norm_eps ??= 1e-6;
  config.rope_theta ??= 10000;
  config.tie_word_embeddings ??= false;
  config.hidden_act ??= 'silu';
  return config;
}

function normaliseRopeScaling(value: unknown): RopeScaling | undefined {
  if (!value) return undefined;
  const { type, rope_type, ...rest } = value as Record<string, unknown>;
  const kind = rope_type ?? type;
  if (kind === undefined || kind === 'default') return undefined;
  return { rope_type: kind, ...rest } as RopeScaling;
}

/** Per-head dimension: `head_dim` when given, else hidden_size / num_attention_heads. */
export function headDim(config: LlamaConfig): number {
  return config.head_dim ?? config.hidden_size / config.num_attention_heads;
}
