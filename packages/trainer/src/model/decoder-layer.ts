import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import type { ArchitectureFeatures, AttentionProjection } from './architecture';
import type { LlamaConfig } from './llama-config';
import { selfAttention } from './attention';
import { linearsOfOneInput, type LoraBranch } from './linear';
import { swigluMlp } from './mlp';
import { rmsNorm } from './rms-norm';
import type { RotaryTables } from './rotary';

/** What a decoder layer needs from the model being built. */
export interface LayerContext {
  config: LlamaConfig;
  arch: ArchitectureFeatures;
  headDim: number;
  /** The weight tensor of an HF parameter name (initializer or trainable input). */
  weight(name: string): Value;
  /** The LoRA branch of a module path such as `model.layers.0.self_attn.q_proj`, if adapted. */
  lora(modulePath: string): LoraBranch | undefined;
  rotary: RotaryTables;
  attentionBias: Value;
}

/**
 * LlamaDecoderLayer (and its Mistral/Qwen2/Qwen3 twins): pre-norm attention and MLP, each added back to
 * the residual stream; projection biases and q/k norms where the architecture has them.
 */
export function decoderLayer(b: GraphBuilder, ctx: LayerContext, index: number, hidden: Value): Value {
  const prefix = `model.layers.${index}`;
  const eps = ctx.config.rms_norm_eps;
  // Projections of one part reading the same input, in one call: their LoRA down products share a Gemm.
  const proj = (part: 'self_attn' | 'mlp') => (names: readonly string[], input: Value) =>
    linearsOfOneInput(
      b,
      input,
      names.map((name) => {
        const modulePath = `${prefix}.${part}.${name}`;
        const bias = part === 'self_attn' && ctx.arch.projectionBiases.has(name as AttentionProjection) ? ctx.weight(`${modulePath}.bias`) : undefined;
        return { scope: name, weight: ctx.weight(`${modulePath}.weight`), lora: ctx.lora(modulePath), name: modulePath, bias };
      }),
    );
  const headNorm = (name: 'q_norm' | 'k_norm') => (heads: Value) =>
    b.scope(name, () => rmsNorm(b, heads, ctx.weight(`${prefix}.self_attn.${name}.weight`), eps));
  return b.scope(prefix, () => {
    const attnIn = b.scope('input_layernorm', () => rmsNorm(b, hidden, ctx.weight(`${prefix}.input_layernorm.weight`), eps));
    const attnOut = b.scope('self_attn', () =>
      selfAttention(
        b,
        attnIn,
        proj('self_attn'),
        { numHeads: ctx.config.num_attention_heads, numKvHeads: ctx.config.num_key_value_heads, headDim: ctx.headDim },
        ctx.rotary,
        ctx.attentionBias,
        ctx.arch.qkNorm ? { q: headNorm('q_norm'), k: headNorm('k_norm') } : undefined,
      ),
    );
    const afterAttn = op.add(b, hidden, attnOut, `${prefix}.attn_residual`);
    const mlpIn = b.scope('post_attention_layernorm', () =>
      rmsNorm(b, afterAttn, ctx.weight(`${prefix}.post_attention_layernorm.weight`), eps),
    );
    const mlpOut = b.scope('mlp', () => swigluMlp(b, mlpIn, proj('mlp')));
    return op.add(b, afterAttn, mlpOut, `${prefix}.output`);
  });
}
