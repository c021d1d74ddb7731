import { clipCoefficient, globalGradNorm } from '../../src/optim/grad-clip';
import { GradientAccumulator } from '../../src/optim/grad-accumulator';
import { shouldDecay } from '../../src/optim/weight-decay';

describe('global-norm clipping', () => {
  it('measures the norm over all tensors together', () => {
    expect(globalGradNorm([new Float32Array([3]), new Float32Array([4])])).toBe(5);
  });

  it('clips by maxNorm / (norm + 1e-6) when over the limit, as torch clip_grad_norm_', () => {
    const norm = globalGradNorm([new Float32Array([3]), new Float32Array([4])]);
    expect(clipCoefficient(norm, 1)).toBe(1 / (5 + 1e-6));
  });

  it('leaves gradients under the limit, or with clipping off, unscaled', () => {
    expect(clipCoefficient(0.5, 1)).toBe(1);
    expect(clipCoefficient(5, 0)).toBe(1);
  });
});

describe('GradientAccumulator', () => {
  it('sums weighted micro-batch gradients, and after a reset starts a new sum in the same buffers', () => {
    const acc = new GradientAccumulator();
    acc.add({ w: new Float32Array([1, 2]) }, 0.25);
    acc.add({ w: new Float32Array([3, 4]) }, 0.75);
    expect(acc.microBatches).toBe(2);
    const buffer = acc.gradients.w!;
    expect(Array.from(buffer)).toEqual([2.5, 3.5]);
    acc.reset();
    expect(acc.microBatches).toBe(0);
    acc.add({ w: new Float32Array([8, 4]) }, 0.5);
    expect(acc.gradients.w).toBe(buffer);
    expect(Array.from(buffer)).toEqual([4, 2]);
  });

  it('rejects a gradient that changes size', () => {
    const acc = new GradientAccumulator();
    acc.add({ w: new Float32Array(2) });
    expect(() => acc.add({ w: new Float32Array(3) })).toThrow(/changed size/);
  });
});

describe('weight decay policy', () => {
  it('exempts norms and biases, and embeddings when configured', () => {
    expect(shouldDecay('model.layers.0.self_attn.q_proj.weight')).toBe(true);
    expect(shouldDecay('model.layers.0.input_layernorm.weight')).toBe(false);
    expect(shouldDecay('model.layers.0.post_attention_layernorm.weight')).toBe(false);
    expect(shouldDecay('model.norm.weight')).toBe(false);
    expect(shouldDecay('model.layers.0.self_attn.q_proj.bias')).toBe(false);
    expect(shouldDecay('model.embed_tokens.weight')).toBe(true);
    expect(shouldDecay('model.embed_tokens.weight', { decayEmbeddings: false })).toBe(false);
    expect(shouldDecay('lm_head.weight', { decayEmbeddings: false })).toBe(false);
    expect(shouldDecay('base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight')).toBe(true);
  });
});
