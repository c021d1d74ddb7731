import type { LlamaConfig } from '../../model/llama-config';
import type { HostTensor } from '../../tensor/host-tensor';
import { headDim } from './llama-config-schema';

/**
 * The weight names and shapes of a Hugging Face Llama checkpoint (`LlamaForCausalLM` state dict),
 * in model order. Linear weights are [out_features, in_features]. `lm_head.weight` is absent when
 * the embeddings are tied.
 */
export function llamaWeightShapes(config: LlamaConfig): Map<string, number[]> {
  const hidden = config.hidden_size;
  const qDim = config.num_attention_heads * headDim(config);
  const kvDim = config.num_key_value_heads * headDim(config);
  const inter = config.intermediate_size;
  const shapes = new Map<string, number[]>([['model.embed_tokens.weight', [config.vocab_size, hidden]]]);
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const layer = `model.layers.${i}`;
    shapes.set(`${layer}.input_layernorm.weight`, [hidden]);
    shapes.set(`${layer}.self_attn.q_proj.weight`, [qDim, hidden]);
    shapes.set(`${layer}.self_attn.k_proj.weight`, [kvDim, hidden]);
    shapes.set(`${layer}.self_attn.v_proj.weight`, [kvDim, hidden]);
    shapes.set(`${layer}.self_attn.o_proj.weight`, [hidden, qDim]);
    shapes.set(`${layer}.post_attention_layernorm.weight`, [hidden]);
    shapes.set(`${layer}.mlp.gate_proj.weight`, [inter, hidden]);
    shapes.set(`${layer}.mlp.up_proj.weight`, [inter, hidden]);
    shapes.set(`${layer}.mlp.down_proj.weight`, [hidden, inter]);
  }
  shapes.set('model.norm.weight', [hidden]);
  if (!config.tie_word_embeddings) shapes.set('lm_head.weight', [config.vocab_size, hidden]);
  return shapes;
}

/** Non-parameter buffers some older checkpoints contain; recomputed by the engine, safe to ignore. */
export function isIgnorableBuffer(name: string): boolean {
  return name.endsWith('.rotary_emb.inv_freq');
}

/**
 * Checks that weights match the config's layout: every expected tensor present with its shape,
 * and nothing the engine would silently ignore (e.g. attention biases). Lists all problems at once.
 */
export function checkLlamaWeights(config: LlamaConfig, shapes: ReadonlyMap<string, readonly number[]>, source: string): void {
  const expected = llamaWeightShapes(config);
  const problems: string[] = [];
  for (const [name, shape] of expected) {
    const actual = shapes.get(name);
    if (!actual) problems.push(`missing ${name} [${shape}]`);
    else if (actual.length !== shape.length || actual.some((d, i) => d !== shape[i])) problems.push(`${name} has shape [${actual}], expected [${shape}]`);
  }
  for (const name of shapes.keys()) {
    const tiedHead = name === 'lm_head.weight' && config.tie_word_embeddings;
    if (!expected.has(name) && !tiedHead && !isIgnorableBuffer(name)) problems.push(`unexpected tensor ${name} (not part of the Llama layout)`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 8).join('; ') + (problems.length > 8 ? `; and ${problems.length - 8} more` : '');
    throw new Error(`${source}: weights do not match config.json: ${shown}`);
  }
}

export function shapesOf(weights: ReadonlyMap<string, HostTensor>): Map<string, number[]> {
  return new Map([...weights].map(([name, tensor]) => [name, tensor.shape]));
}
