import { architectureOf } from '../../model/architecture';
import type { LlamaConfig } from '../../model/llama-config';
import type { HostTensor } from '../../tensor/host-tensor';
import { headDim } from './llama-config-schema';

/** One way a checkpoint's tensors disagree with its config. */
export interface WeightProblem {
  tensor: string;
  reason: string;
  expected?: number[];
  actual?: readonly number[];
}

/**
 * The tensor names and shapes of a Hugging Face checkpoint of this config (`…ForCausalLM` state
 * dict), in model order: Llama's, plus q/k/v(/o) biases (Qwen2; `attention_bias`) and per-head
 * q_norm/k_norm (Qwen3). Linear weights are [out_features, in_features]. `lm_head.weight` is absent
 * when the embeddings are tied. Expects a validated config (parseLlamaConfig).
 */
export function expectedWeightShapes(config: LlamaConfig): Map<string, number[]> {
  const arch = architectureOf(config);
  const hidden = config.hidden_size;
  const hd = headDim(config);
  const qDim = config.num_attention_heads * hd;
  const kvDim = config.num_key_value_heads * hd;
  const inter = config.intermediate_size;
  const outDims = { q_proj: qDim, k_proj: kvDim, v_proj: kvDim, o_proj: hidden } as const;
  const shapes = new Map<string, number[]>([['model.embed_tokens.weight', [config.vocab_size, hidden]]]);
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const layer = `model.layers.${i}`;
    shapes.set(`${layer}.input_layernorm.weight`, [hidden]);
    for (const proj of ['q_proj', 'k_proj', 'v_proj', 'o_proj'] as const) {
      shapes.set(`${layer}.self_attn.${proj}.weight`, [outDims[proj], proj === 'o_proj' ? qDim : hidden]);
      if (arch.projectionBiases.has(proj)) shapes.set(`${layer}.self_attn.${proj}.bias`, [outDims[proj]]);
    }
    if (arch.qkNorm) {
      shapes.set(`${layer}.self_attn.q_norm.weight`, [hd]);
      shapes.set(`${layer}.self_attn.k_norm.weight`, [hd]);
    }
    shapes.set(`${layer}.post_attention_layernorm.weight`, [hidden]);
    shapes.set(`${layer}.mlp.gate_proj.weight`, [inter, hidden]);
    shapes.set(`${layer}.mlp.up_proj.weight`, [inter, hidden]);
    shapes.set(`${layer}.mlp.down_proj.weight`, [hidden, inter]);
  }
  shapes.set('model.norm.weight', [hidden]);
  if (!config.tie_word_embeddings) shapes.set('lm_head.weight', [config.vocab_size, hidden]);
  return shapes;
}

/** Number of parameters the model has (tied embeddings counted once). */
export function parameterCount(config: LlamaConfig): number {
  let n = 0;
  for (const shape of expectedWeightShapes(config).values()) n += shape.reduce((a, d) => a * d, 1);
  return n;
}

/** Non-parameter buffers some older checkpoints contain; recomputed by the engine, safe to ignore. */
export function isIgnorableBuffer(name: string): boolean {
  return name.endsWith('.rotary_emb.inv_freq');
}

/**
 * Every disagreement between a checkpoint's tensor shapes (e.g. from safetensors headers) and the
 * config's layout: missing tensors, wrong shapes, and tensors the engine would silently ignore
 * (e.g. biases the architecture does not have). A tied model may still carry lm_head.weight.
 */
export function checkWeightShapes(config: LlamaConfig, shapes: ReadonlyMap<string, readonly number[]>): WeightProblem[] {
  const expected = expectedWeightShapes(config);
  const problems: WeightProblem[] = [];
  for (const [name, shape] of expected) {
    const actual = shapes.get(name);
    if (!actual) problems.push({ tensor: name, reason: `missing ${name} [${shape}]`, expected: shape });
    else if (actual.length !== shape.length || actual.some((d, i) => d !== shape[i])) {
      problems.push({ tensor: name, reason: `${name} has shape [${actual}], expected [${shape}]`, expected: shape, actual });
    }
  }
  for (const [name, actual] of shapes) {
    const tiedHead = name === 'lm_head.weight' && config.tie_word_embeddings;
    if (!expected.has(name) && !tiedHead && !isIgnorableBuffer(name)) {
      problems.push({ tensor: name, reason: `unexpected tensor ${name} (not part of the ${config.model_type} layout)`, actual });
    }
  }
  return problems;
}

/** checkWeightShapes as an assertion: throws one error listing the first problems. */
export function checkLlamaWeights(config: LlamaConfig, shapes: ReadonlyMap<string, readonly number[]>, source: string): void {
  const problems = checkWeightShapes(config, shapes).map((p) => p.reason);
  if (problems.length > 0) {
    const shown = problems.slice(0, 8).join('; ') + (problems.length > 8 ? `; and ${problems.length - 8} more` : '');
    throw new Error(`${source}: weights do not match config.json: ${shown}`);
  }
}

export function shapesOf(weights: ReadonlyMap<string, HostTensor>): Map<string, number[]> {
  return new Map([...weights].map(([name, tensor]) => [name, tensor.shape]));
}
