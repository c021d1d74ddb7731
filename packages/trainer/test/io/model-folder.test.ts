import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildTinyModel, loadModelFolder, parseLlamaConfig, saveModelFolder } from '../../src/io';
import type { LlamaConfig } from '../../src/model/llama-config';
import type { HostTensor } from '../../src/tensor/host-tensor';
import { useTempDir } from './helpers/temp-dir';

const tempDir = useTempDir('model-folder');

/** A one-layer model small enough to write by hand: hidden 2, one head, vocab 4. */
const microConfig: LlamaConfig = {
  model_type: 'llama',
  vocab_size: 4,
  hidden_size: 2,
  intermediate_size: 2,
  num_hidden_layers: 1,
  num_attention_heads: 1,
  num_key_value_heads: 1,
  max_position_embeddings: 16,
  rms_norm_eps: 1e-6,
  rope_theta: 10000,
  tie_word_embeddings: true,
};
const microShapes: Record<string, number[]> = {
  'model.embed_tokens.weight': [4, 2],
  'model.layers.0.input_layernorm.weight': [2],
  'model.layers.0.self_attn.q_proj.weight': [2, 2],
  'model.layers.0.self_attn.k_proj.weight': [2, 2],
  'model.layers.0.self_attn.v_proj.weight': [2, 2],
  'model.layers.0.self_attn.o_proj.weight': [2, 2],
  'model.layers.0.post_attention_layernorm.weight': [2],
  'model.layers.0.mlp.gate_proj.weight': [2, 2],
  'model.layers.0.mlp.up_proj.weight': [2, 2],
  'model.layers.0.mlp.down_proj.weight': [2, 2],
  'model.norm.weight': [2],
};

/** Hand-assembled BF16 safetensors: each value's bfloat16 is the top 16 bits of its float32. */
function bf16File(values: (name: string, index: number) => number): Buffer {
  const header: Record<string, unknown> = {};
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, shape] of Object.entries(microShapes)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const bytes = Buffer.alloc(2 * n);
    for (let i = 0; i < n; i++) {
      const f32 = Buffer.alloc(4);
      f32.writeFloatLE(values(name, i));
      bytes.writeUInt16LE(f32.readUInt16LE(2), 2 * i);
    }
    header[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, ...chunks]);
}

describe('loadModelFolder', () => {
  it('reads a BF16 checkpoint as float32 weights with the config, tokenizer folder and generation config', async () => {
    const dir = tempDir();
    const value = (name: string, i: number) => (name.includes('norm') ? 1 : (i + 1) * (name.length % 2 ? 0.5 : -0.25));
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ ...microConfig, torch_dtype: 'bfloat16', use_cache: true }));
    await writeFile(path.join(dir, 'model.safetensors'), bf16File(value));
    await writeFile(path.join(dir, 'tokenizer.json'), '{}');
    await writeFile(path.join(dir, 'generation_config.json'), JSON.stringify({ eos_token_id: [2, 3] }));

    const loaded = await loadModelFolder(dir);
    expect(loaded.config).toMatchObject({ ...microConfig, use_cache: true });
    expect(loaded.tokenizerDir).toBe(dir);
    expect(loaded.generationConfig).toEqual({ eos_token_id: [2, 3] });
    expect([...loaded.weights.keys()].sort()).toEqual(Object.keys(microShapes).sort());
    const q = loaded.weights.get('model.layers.0.self_attn.q_proj.weight')!;
    expect(q.dtype).toBe('float32');
    expect(Array.from(q.data as Float32Array)).toEqual([0, 1, 2, 3].map((i) => value('model.layers.0.self_attn.q_proj.weight', i)));
  });

  it('round-trips weights exactly through saveModelFolder, without writing a tied lm_head', async () => {
    const dir = tempDir();
    const tiny = buildTinyModel({ seed: 1, hiddenSize: 16, intermediateSize: 32, numHeads: 2, numKvHeads: 1, numLayers: 1 });
    const withHead = new Map(tiny.weights).set('lm_head.weight', tiny.weights.get('model.embed_tokens.weight')!);
    await saveModelFolder(dir, tiny.config, withHead, { 'tokenizer.json': tiny.tokenizer.tokenizerJson });

    const loaded = await loadModelFolder(dir);
    expect(loaded.weights.has('lm_head.weight')).toBe(false);
    expect(loaded.weights.size).toBe(tiny.weights.size);
    for (const [name, tensor] of tiny.weights) expect(loaded.weights.get(name)).toEqual(tensor);
    expect(JSON.parse(await readFile(path.join(dir, 'tokenizer.json'), 'utf8'))).toEqual(tiny.tokenizer.tokenizerJson);
  });

  it('loads sharded checkpoints through model.safetensors.index.json', async () => {
    const dir = tempDir();
    const tiny = buildTinyModel({ seed: 2, hiddenSize: 16, intermediateSize: 32, numHeads: 2, numKvHeads: 1, numLayers: 2 });
    await saveModelFolder(dir, tiny.config, tiny.weights, undefined, { maxShardBytes: 8 * 1024 });
    expect((await readdir(dir)).filter((f) => f.endsWith('.safetensors')).length).toBeGreaterThan(1);
    const loaded = await loadModelFolder(dir);
    for (const [name, tensor] of tiny.weights) expect(loaded.weights.get(name)).toEqual(tensor);
  });

  it('names every mismatch between weights and config: missing, mis-shaped and unexpected tensors', async () => {
    const dir = tempDir();
    const tiny = buildTinyModel({ seed: 3, hiddenSize: 16, intermediateSize: 32, numHeads: 2, numKvHeads: 1, numLayers: 1 });
    await saveModelFolder(dir, tiny.config, tiny.weights);
    const config = { ...tiny.config, intermediate_size: 48, num_hidden_layers: 2 };
    await writeFile(path.join(dir, 'config.json'), JSON.stringify(config));
    const error = await loadModelFolder(dir).catch((e: Error) => e);
    expect(String(error)).toMatch(/missing model\.layers\.1\.input_layernorm\.weight \[16\]/);
    expect(String(error)).toMatch(/model\.layers\.0\.mlp\.gate_proj\.weight has shape \[32,16\], expected \[48,16\]/);

    const bias: HostTensor = { dtype: 'float32', shape: [16], data: new Float32Array(16) };
    const withBias = new Map(tiny.weights).set('model.layers.0.self_attn.q_proj.bias', bias);
    await expect(saveModelFolder(dir, tiny.config, withBias)).rejects.toThrow(/unexpected tensor model\.layers\.0\.self_attn\.q_proj\.bias/);
  });
});

describe('saveModelFolder config.json', () => {
  it('writes the architecture class of the model type and keeps Mistral\'s "no window" as null', async () => {
    const dir = tempDir();
    const tiny = buildTinyModel({ seed: 4, modelType: 'mistral', hiddenSize: 16, intermediateSize: 32, numHeads: 2, numKvHeads: 1, numLayers: 1 });
    const { sliding_window: _window, architectures: _arch, ...noWindow } = tiny.config;
    await saveModelFolder(dir, noWindow, tiny.weights);
    const saved = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
    expect(saved).toMatchObject({ model_type: 'mistral', architectures: ['MistralForCausalLM'], sliding_window: null });
    expect((await loadModelFolder(dir)).config.sliding_window).toBeUndefined();
  });
});

describe('parseLlamaConfig', () => {
  it('fills transformers defaults for omitted fields and keeps unknown ones', () => {
    const { num_key_value_heads: _kv, rope_theta: _theta, ...sparse } = microConfig;
    const parsed = parseLlamaConfig({ ...sparse, attention_dropout: 0 });
    expect(parsed).toMatchObject({ num_key_value_heads: 1, rope_theta: 10000, hidden_act: 'silu', attention_dropout: 0 });
  });

  it.each([
    [{ hidden_size: '64' }, /hidden_size = "64": required, a positive integer/],
    [{ vocab_size: undefined }, /vocab_size = \(missing\)/],
    [{ num_attention_heads: 2, num_key_value_heads: 3 }, /num_key_value_heads = 3: must divide num_attention_heads \(2\)/],
    [{ hidden_size: 3, num_attention_heads: 2, num_key_value_heads: 1 }, /hidden_size = 3: is not divisible/],
    [{ model_type: 'gpt2' }, /model_type = "gpt2": unsupported model type/],
    [{ rope_scaling: { rope_type: 'yarn', factor: 8 } }, /rope_scaling.rope_type = "yarn": unsupported RoPE scaling type/],
    [{ hidden_act: 'gelu' }, /hidden_act = "gelu": only "silu"/],
  ])('rejects %p, naming the field', (change, message) => {
    expect(() => parseLlamaConfig({ ...microConfig, ...change })).toThrow(message);
  });

  it('normalises rope_scaling: legacy "type", "default" as none, transformers 5 rope_parameters', () => {
    expect(parseLlamaConfig({ ...microConfig, rope_scaling: { type: 'linear', factor: 2 } }).rope_scaling).toEqual({ rope_type: 'linear', factor: 2 });
    expect(parseLlamaConfig({ ...microConfig, rope_scaling: { rope_type: 'default' } }).rope_scaling).toBeUndefined();
    const { rope_theta: _theta, ...rest } = microConfig;
    expect(parseLlamaConfig({ ...rest, rope_parameters: { rope_type: 'default', rope_theta: 500000 } }).rope_theta).toBe(500000);
    const llama31 = parseLlamaConfig({
      ...rest,
      rope_parameters: { rope_type: 'llama3', rope_theta: 5e5, factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8192 },
    });
    expect(llama31).toMatchObject({ rope_theta: 5e5, rope_scaling: { rope_type: 'llama3', factor: 8, original_max_position_embeddings: 8192 } });
    expect(() => parseLlamaConfig({ ...rest, rope_parameters: { rope_type: 'yarn', rope_theta: 1e6 } })).toThrow(/rope_parameters\.rope_type = "yarn"/);
  });
});
