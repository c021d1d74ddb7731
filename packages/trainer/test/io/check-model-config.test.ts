import { checkModelConfig, checkWeightShapes, expectedWeightShapes, parameterCount, parseLlamaConfig } from '../../src/io';

/** Real config.json files, trimmed to the fields that matter and shrunk to tiny sizes. */
const llama32 = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  vocab_size: 32,
  hidden_size: 16,
  intermediate_size: 24,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 4,
  attention_bias: false,
  attention_dropout: 0.0,
  mlp_bias: false,
  pretraining_tp: 1,
  rms_norm_eps: 1e-5,
  rope_theta: 500000.0,
  rope_scaling: { factor: 32.0, high_freq_factor: 4.0, low_freq_factor: 1.0, original_max_position_embeddings: 8192, rope_type: 'llama3' },
  tie_word_embeddings: true,
  torch_dtype: 'bfloat16',
};
const qwen25 = {
  architectures: ['Qwen2ForCausalLM'],
  model_type: 'qwen2',
  vocab_size: 32,
  hidden_size: 16,
  intermediate_size: 24,
  num_hidden_layers: 1,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  max_window_layers: 21,
  sliding_window: 32768,
  use_sliding_window: false,
  rope_scaling: null,
  tie_word_embeddings: true,
  attention_dropout: 0.0,
};
const qwen3 = { ...qwen25, architectures: ['Qwen3ForCausalLM'], model_type: 'qwen3', head_dim: 8, attention_bias: false, sliding_window: null };
const mistral = { ...llama32, architectures: ['MistralForCausalLM'], model_type: 'mistral', sliding_window: 4096, rope_scaling: null, tie_word_embeddings: false };

describe('checkModelConfig', () => {
  it.each([
    ['Llama 3.2 (llama3 RoPE scaling, tied)', llama32],
    ['Llama 2 (linear RoPE scaling, legacy "type")', { ...llama32, rope_scaling: { type: 'linear', factor: 2.0 }, tie_word_embeddings: false }],
    ['Qwen2.5', qwen25],
    ['Qwen3', qwen3],
    ['Mistral with a sliding window', mistral],
    ['Mistral v0.3 (no window)', { ...mistral, sliding_window: null }],
  ])('accepts %s', (_name, config) => {
    expect(checkModelConfig(config)).toEqual([]);
  });

  it.each([
    [{ model_type: 'gemma' }, 'model_type', 'gemma', /Gemma .* not implemented/],
    [{ model_type: 'phi3' }, 'model_type', 'phi3', /Phi-3/],
    [{ architectures: ['LlamaForSequenceClassification'] }, 'architectures', ['LlamaForSequenceClassification'], /only LlamaForCausalLM/],
    [{ rope_scaling: { rope_type: 'dynamic', factor: 2 } }, 'rope_scaling.rope_type', 'dynamic', /unsupported RoPE scaling type/],
    [{ rope_scaling: { type: 'yarn', factor: 4 } }, 'rope_scaling.type', 'yarn', /unsupported RoPE scaling type/],
    [{ rope_scaling: { rope_type: 'llama3', factor: 8 } }, 'rope_scaling.low_freq_factor', undefined, /required/],
    [{ rope_scaling: { rope_type: 'linear', factor: 2, attention_factor: 1.2 } }, 'rope_scaling.attention_factor', 1.2, /would be ignored/],
    [{ head_dim: 5, num_attention_heads: 4 }, 'head_dim', 5, /must be even/],
    [{ num_key_value_heads: 3 }, 'num_key_value_heads', 3, /must divide num_attention_heads \(4\)/],
    [{ hidden_act: 'gelu' }, 'hidden_act', 'gelu', /silu/],
    [{ mlp_bias: true }, 'mlp_bias', true, /not implemented/],
    [{ attention_dropout: 0.1 }, 'attention_dropout', 0.1, /not implemented/],
    [{ sliding_window: 128 }, 'sliding_window', 128, /Llama has no sliding-window/],
    [{ quantization_config: { quant_method: 'gptq' } }, 'quantization_config', { quant_method: 'gptq' }, /quantized/],
    [{ intermediate_size: 0 }, 'intermediate_size', 0, /positive integer/],
  ])('refuses %p, naming field and value', (change, field, value, reason) => {
    const problems = checkModelConfig({ ...llama32, ...change });
    expect(problems).toContainEqual({ field, value, reason: expect.stringMatching(reason) });
  });

  it('refuses features of Qwen and Mistral the engine does not implement', () => {
    expect(checkModelConfig({ ...qwen25, use_sliding_window: true })).toEqual([
      { field: 'use_sliding_window', value: true, reason: expect.stringMatching(/not implemented/) },
    ]);
    expect(checkModelConfig({ ...qwen3, layer_types: ['full_attention', 'sliding_attention'] })[0]?.field).toBe('layer_types');
    expect(checkModelConfig({ ...mistral, sliding_window: 0 })[0]).toMatchObject({ field: 'sliding_window', value: 0 });
    expect(checkModelConfig({ ...mistral, attention_bias: true })[0]).toMatchObject({ field: 'attention_bias', value: true });
  });

  it('lists every problem at once and never throws on garbage', () => {
    expect(checkModelConfig({ model_type: 'llama' }).map((p) => p.field)).toEqual([
      'vocab_size',
      'hidden_size',
      'intermediate_size',
      'num_hidden_layers',
      'num_attention_heads',
    ]);
    expect(checkModelConfig(null)).toEqual([{ field: '(root)', value: null, reason: expect.any(String) }]);
    expect(checkModelConfig([1, 2])).toHaveLength(1);
  });
});

describe('expectedWeightShapes', () => {
  it('adds q/k/v biases for Qwen2, q/k norms with the explicit head_dim for Qwen3, and drops lm_head when tied', () => {
    const qwen2Shapes = expectedWeightShapes(parseLlamaConfig(qwen25));
    expect(qwen2Shapes.get('model.layers.0.self_attn.q_proj.bias')).toEqual([16]);
    expect(qwen2Shapes.get('model.layers.0.self_attn.k_proj.bias')).toEqual([8]);
    expect(qwen2Shapes.get('model.layers.0.self_attn.v_proj.bias')).toEqual([8]);
    expect(qwen2Shapes.has('model.layers.0.self_attn.o_proj.bias')).toBe(false);
    expect(qwen2Shapes.has('lm_head.weight')).toBe(false);

    const qwen3Shapes = expectedWeightShapes(parseLlamaConfig(qwen3));
    expect(qwen3Shapes.get('model.layers.0.self_attn.q_proj.weight')).toEqual([32, 16]); // 4 heads × head_dim 8 ≠ hidden 16
    expect(qwen3Shapes.get('model.layers.0.self_attn.o_proj.weight')).toEqual([16, 32]);
    expect(qwen3Shapes.get('model.layers.0.self_attn.q_norm.weight')).toEqual([8]);
    expect(qwen3Shapes.get('model.layers.0.self_attn.k_norm.weight')).toEqual([8]);
    expect(qwen3Shapes.has('model.layers.0.self_attn.q_proj.bias')).toBe(false);

    const biased = expectedWeightShapes(parseLlamaConfig({ ...llama32, attention_bias: true }));
    expect(biased.get('model.layers.1.self_attn.o_proj.bias')).toEqual([16]);
  });

  it('counts parameters once for tied embeddings', () => {
    const config = parseLlamaConfig(llama32);
    const perLayer = 16 + 16 * 16 + 8 * 16 * 2 + 16 * 16 + 16 + 3 * 24 * 16;
    expect(parameterCount(config)).toBe(32 * 16 + 2 * perLayer + 16);
    expect(parameterCount({ ...config, tie_word_embeddings: false })).toBe(2 * 32 * 16 + 2 * perLayer + 16);
  });

  it('checkWeightShapes names missing, mis-shaped and unexpected tensors', () => {
    const config = parseLlamaConfig(qwen25);
    const shapes = new Map<string, number[]>(expectedWeightShapes(config));
    shapes.delete('model.layers.0.self_attn.q_proj.bias');
    shapes.set('model.layers.0.self_attn.k_proj.weight', [16, 16]);
    shapes.set('model.layers.0.self_attn.o_proj.bias', [16]);
    shapes.set('lm_head.weight', [32, 16]); // tied checkpoints may still carry it
    expect(checkWeightShapes(config, shapes)).toEqual([
      { tensor: 'model.layers.0.self_attn.q_proj.bias', reason: expect.stringMatching(/^missing/), expected: [16] },
      { tensor: 'model.layers.0.self_attn.k_proj.weight', reason: expect.stringMatching(/has shape \[16,16\], expected \[8,16\]/), expected: [8, 16], actual: [16, 16] },
      { tensor: 'model.layers.0.self_attn.o_proj.bias', reason: expect.stringMatching(/unexpected tensor .* qwen2 layout/), actual: [16] },
    ]);
  });
});

describe('expectedWeightShapes on real model configs', () => {
  // Dimension fields of the published config.json files; totals are the parameter counts the
  // model cards and safetensors metadata publish (tied embeddings counted once).
  it.each([
    ['Llama-3.2-1B', { model_type: 'llama', vocab_size: 128256, hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 16, num_attention_heads: 32, num_key_value_heads: 8, head_dim: 64, tie_word_embeddings: true }, 1_235_814_400],
    ['Llama-3.1-8B', { model_type: 'llama', vocab_size: 128256, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8 }, 8_030_261_248],
    ['Qwen2.5-0.5B', { model_type: 'qwen2', vocab_size: 151936, hidden_size: 896, intermediate_size: 4864, num_hidden_layers: 24, num_attention_heads: 14, num_key_value_heads: 2, tie_word_embeddings: true }, 494_032_768],
    ['SmolLM2-135M', { model_type: 'llama', vocab_size: 49152, hidden_size: 576, intermediate_size: 1536, num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3, tie_word_embeddings: true }, 134_515_008],
    ['Mistral-7B-v0.1', { model_type: 'mistral', vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, sliding_window: 4096 }, 7_241_732_096],
  ])('%s has its published parameter count', (_name, config, published) => {
    expect(checkModelConfig(config)).toEqual([]);
    expect(parameterCount(parseLlamaConfig(config))).toBe(published);
  });

  it('Qwen3-0.6B: 0.44B parameters besides the (tied) embedding, as its model card says', () => {
    const config = parseLlamaConfig({ model_type: 'qwen3', vocab_size: 151936, hidden_size: 1024, intermediate_size: 3072, num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 8, head_dim: 128, tie_word_embeddings: true });
    const nonEmbedding = parameterCount(config) - 151936 * 1024;
    expect(nonEmbedding / 1e9).toBeCloseTo(0.44, 2);
  });
});
