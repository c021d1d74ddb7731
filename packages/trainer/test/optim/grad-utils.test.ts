import { clipGradNorm, globalGradNorm } from '../../src/optim/grad-clip';
import { GradientAccumulator } from '../../src/optim/grad-accumulator';
import { shouldDecay } from '../../src/optim/weight-decay';

describe('global-norm clipping', () => {
  it('measures the norm over all tensors together', () => {
    expect(globalGradNorm([new Float32Array([3]), new Float32Array([4])])).toBe(5);
  });

  it('scales by maxNorm / (norm + 1e-6) when over the limit, as torch clip_grad_norm_', () => {
    const a = new Float32Array([3]);
    const b = new Float32Array([4]);
    expect(clipGradNorm([a, b], 1)).toBe(5);
    expect(a[0]).toBeCloseTo(3 / (5 + 1e-6), 7);
    expect(b[0]).toBeCloseTo(4 / (5 + 1e-6), 7);
  });

  it('leaves gradients under the limit untouched', () => {
    const a = new Float32Array([0.3, 0.4]);
    expect(clipGradNorm([a], 1)).toBeCloseTo(0.5, 7);
    expect(Array.from(a)).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });
});

describe('GradientAccumulator', () => {
  it('sums weighted micro-batch gradients and resets', () => {
    const acc = new GradientAccumulator();
    acc.add({ w: new Float32Array([1, 2]) }, 0.25);
    acc.add({ w: new Float32Array([3, 4]) }, 0.75);
    expect(acc.microBatches).toBe(2);
    expect(Array.from(acc.gradients.w!)).toEqual([2.5, 3.5]);
    acc.reset();
    expect(Array.from(acc.gradients.w!)).toEqual([0, 0]);
    expect(acc.microBatches).toBe(0);
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
