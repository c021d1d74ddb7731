import { CAUSAL_LM_CLASS, isSupportedModelType, SUPPORTED_MODEL_TYPES, type SupportedModelType } from '../../model/architecture';

/** One reason a config.json cannot be trained as it is: the field (dotted path), its value, why. */
export interface ModelConfigProblem {
  field: string;
  value: unknown;
  reason: string;
}

/** Families people ask for that the engine does not build, with what is missing (named in the refusal). */
const KNOWN_UNSUPPORTED: Record<string, string> = {
  gemma: 'Gemma (GeGLU MLP, scaled embeddings, 1+weight RMSNorm) is not implemented',
  gemma2: 'Gemma 2 (logit soft-capping, alternating sliding windows) is not implemented',
  gemma3: 'Gemma 3 is not implemented',
  gemma3_text: 'Gemma 3 is not implemented',
  phi: 'Phi (parallel attention/MLP, LayerNorm, partial RoPE) is not implemented',
  phi3: 'Phi-3 (fused qkv_proj / gate_up_proj weights) is not implemented',
  mixtral: 'mixture-of-experts models are not implemented',
  qwen2_moe: 'mixture-of-experts models are not implemented',
  qwen3_moe: 'mixture-of-experts models are not implemented',
};

/** rope_scaling keys each implemented type reads; any other key would be silently ignored, so it is refused. */
const ROPE_SCALING_KEYS = {
  linear: ['factor'],
  llama3: ['factor', 'low_freq_factor', 'high_freq_factor', 'original_max_position_embeddings'],
} as const;

/** Fields that only matter when their value asks for something the engine does not implement. */
type Raw = Record<string, unknown>;

/**
 * Checks a parsed Hugging Face config.json for everything the engine needs and refuses: supported
 * model_type/architectures, every dimension present and consistent, RoPE scaling the engine
 * implements, and no feature it would otherwise silently ignore (biases, dropout, sliding windows,
 * quantization). Returns every problem found (empty when the config is trainable); never throws.
 * transformers 5's `rope_parameters` is read like `rope_theta` + `rope_scaling`.
 */
export function checkModelConfig(raw: unknown): ModelConfigProblem[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return [{ field: '(root)', value: raw, reason: 'config.json must be a JSON object' }];
  }
  const config = raw as Raw;
  const problems: ModelConfigProblem[] = [];
  const problem = (field: string, value: unknown, reason: string) => problems.push({ field, value, reason });

  const modelType = config.model_type;
  if (!isSupportedModelType(modelType)) {
    const known = typeof modelType === 'string' ? KNOWN_UNSUPPORTED[modelType] : undefined;
    problem('model_type', modelType, `${known ?? 'unsupported model type'}; supported: ${SUPPORTED_MODEL_TYPES.join(', ')}`);
  }
  checkArchitectures(config.architectures, isSupportedModelType(modelType) ? modelType : undefined, problem);

  for (const field of ['vocab_size', 'hidden_size', 'intermediate_size', 'num_hidden_layers', 'num_attention_heads'] as const) {
    if (!isPositiveInt(config[field])) problem(field, config[field], 'required, a positive integer');
  }
  for (const field of ['num_key_value_heads', 'head_dim', 'max_position_embeddings'] as const) {
    if (config[field] !== undefined && config[field] !== null && !isPositiveInt(config[field])) problem(field, config[field], 'must be a positive integer when given');
  }
  checkHeads(config, problem);

  for (const field of ['rms_norm_eps', 'rope_theta'] as const) {
    if (config[field] !== undefined && !isPositiveNumber(config[field])) problem(field, config[field], 'must be a positive number');
  }
  if (config.hidden_act !== undefined && config.hidden_act !== 'silu') problem('hidden_act', config.hidden_act, 'only "silu" (the SwiGLU MLP) is implemented');
  if (config.tie_word_embeddings !== undefined && typeof config.tie_word_embeddings !== 'boolean') {
    problem('tie_word_embeddings', config.tie_word_embeddings, 'must be true or false');
  }
  checkRope(config, problem);
  checkAttentionFeatures(config, isSupportedModelType(modelType) ? modelType : undefined, problem);
  if (config.quantization_config !== undefined && config.quantization_config !== null) {
    problem('quantization_config', config.quantization_config, 'quantized checkpoints are not supported (the engine needs float weights)');
  }
  return problems;
}

/** A one-line summary of problems, e.g. `rope_scaling.rope_type = "yarn": …; head_dim = 7: …`. */
export function describeConfigProblems(problems: readonly ModelConfigProblem[]): string {
  return problems.map((p) => `${p.field} = ${showValue(p.value)}: ${p.reason}`).join('; ');
}

type Report = (field: string, value: unknown, reason: string) => void;

function checkArchitectures(value: unknown, modelType: SupportedModelType | undefined, problem: Report): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== 'string') {
    problem('architectures', value, 'must list exactly one model class');
    return;
  }
  const expected = modelType ? CAUSAL_LM_CLASS[modelType] : undefined;
  if (expected && value[0] !== expected) problem('architectures', value, `only ${expected} is supported for model_type "${modelType}" (a causal LM head)`);
}

function checkHeads(config: Raw, problem: Report): void {
  const heads = config.num_attention_heads;
  const kvHeads = config.num_key_value_heads ?? heads;
  const hidden = config.hidden_size;
  const headDim = config.head_dim;
  if (isPositiveInt(heads) && isPositiveInt(kvHeads) && heads % kvHeads !== 0) {
    problem('num_key_value_heads', kvHeads, `must divide num_attention_heads (${heads})`);
  }
  if ((headDim === undefined || headDim === null) && isPositiveInt(hidden) && isPositiveInt(heads) && hidden % heads !== 0) {
    problem('hidden_size', hidden, `is not divisible by num_attention_heads (${heads}) and head_dim is not given`);
  }
  const resolved = headDim ?? (isPositiveInt(hidden) && isPositiveInt(heads) ? hidden / heads : undefined);
  if (isPositiveInt(resolved) && resolved % 2 !== 0) problem(headDim == null ? 'hidden_size' : 'head_dim', headDim ?? hidden, `head dimension ${resolved} must be even for rotary embeddings`);
}

function checkRope(config: Raw, problem: Report): void {
  const params = config.rope_parameters;
  if (params !== undefined && params !== null) {
    if (typeof params !== 'object' || Array.isArray(params)) {
      problem('rope_parameters', params, 'must be an object');
      return;
    }
    const { rope_theta, ...scaling } = params as Raw;
    if (!isPositiveNumber(rope_theta)) problem('rope_parameters.rope_theta', rope_theta, 'required, a positive number');
    checkRopeScaling(scaling, 'rope_parameters', problem);
    return;
  }
  if (config.rope_scaling !== undefined && config.rope_scaling !== null) checkRopeScaling(config.rope_scaling, 'rope_scaling', problem);
}

function checkRopeScaling(value: unknown, field: string, problem: Report): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problem(field, value, 'must be an object or null');
    return;
  }
  const { rope_type, type, ...rest } = value as Raw;
  const kind = rope_type ?? type;
  const typeField = rope_type !== undefined ? `${field}.rope_type` : `${field}.type`;
  if (kind === 'default' || (kind === undefined && field === 'rope_parameters')) {
    for (const key of Object.keys(rest)) problem(`${field}.${key}`, rest[key], 'not read by default RoPE (would be ignored)');
    return;
  }
  if (kind !== 'linear' && kind !== 'llama3') {
    problem(typeField, kind, 'unsupported RoPE scaling type; supported: "linear", "llama3" (or none)');
    return;
  }
  const allowed: readonly string[] = ROPE_SCALING_KEYS[kind];
  for (const key of Object.keys(rest)) {
    if (!allowed.includes(key)) problem(`${field}.${key}`, rest[key], `not implemented for "${kind}" RoPE scaling (would be ignored)`);
  }
  if (!isPositiveNumber(rest.factor)) problem(`${field}.factor`, rest.factor, 'required, a positive number');
  if (kind === 'llama3') {
    for (const key of ['low_freq_factor', 'high_freq_factor'] as const) {
      if (!isPositiveNumber(rest[key])) problem(`${field}.${key}`, rest[key], 'required, a positive number');
    }
    if (!isPositiveInt(rest.original_max_position_embeddings)) {
      problem(`${field}.original_max_position_embeddings`, rest.original_max_position_embeddings, 'required, a positive integer');
    }
    const low = rest.low_freq_factor;
    const high = rest.high_freq_factor;
    if (isPositiveNumber(low) && isPositiveNumber(high) && high <= low) problem(`${field}.high_freq_factor`, high, `must be greater than low_freq_factor (${low})`);
  }
}

function checkAttentionFeatures(config: Raw, modelType: SupportedModelType | undefined, problem: Report): void {
  if (config.attention_bias !== undefined && typeof config.attention_bias !== 'boolean') problem('attention_bias', config.attention_bias, 'must be true or false');
  if (modelType === 'mistral' && config.attention_bias === true) problem('attention_bias', true, 'Mistral attention has no biases');
  if (config.mlp_bias === true) problem('mlp_bias', true, 'MLP biases are not implemented');
  if (config.attention_dropout !== undefined && config.attention_dropout !== 0) {
    problem('attention_dropout', config.attention_dropout, 'attention dropout is not implemented (must be 0)');
  }
  const window = config.sliding_window;
  if (modelType === 'mistral') {
    if (window !== undefined && window !== null && !isPositiveInt(window)) problem('sliding_window', window, 'must be a positive integer or null');
  } else if (modelType === 'qwen2' || modelType === 'qwen3') {
    // Qwen windows only layers from max_window_layers on, and only when use_sliding_window is set.
    if (config.use_sliding_window === true) problem('use_sliding_window', true, 'per-layer sliding-window attention (Qwen) is not implemented');
    const layerTypes = config.layer_types;
    if (Array.isArray(layerTypes) && layerTypes.some((t) => t !== 'full_attention')) {
      problem('layer_types', layerTypes, 'only "full_attention" layers are implemented');
    }
  } else if (modelType === 'llama' && window !== undefined && window !== null) {
    problem('sliding_window', window, 'Llama has no sliding-window attention (would be ignored)');
  }
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function isPositiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function showValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
