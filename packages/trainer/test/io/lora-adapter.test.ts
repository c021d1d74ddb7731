import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  loadLoraAdapter,
  loraModulePaths,
  mergeLoraIntoWeights,
  parsePeftLoraTensorName,
  saveLoraAdapter,
  SafetensorsFile,
  type LoraAdapterConfig,
  type LoraPair,
} from '../../src/io';
import type { HostTensor } from '../../src/tensor/host-tensor';
import { useTempDir } from './helpers/temp-dir';

const tempDir = useTempDir('lora');
const f32 = (shape: number[], values: number[]): HostTensor => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

const config: LoraAdapterConfig = {
  r: 2,
  lora_alpha: 4,
  lora_dropout: 0.05,
  target_modules: ['v_proj', 'q_proj'],
  base_model_name_or_path: 'whetstone/tiny-llama',
};
// q_proj of layer 0 maps in=3 → out=2; v_proj of layer 1 maps in=3 → out=1.
const modules = new Map<string, LoraPair>([
  ['model.layers.0.self_attn.q_proj', { A: f32([2, 3], [1, 2, 3, 0, 1, 0]), B: f32([2, 2], [1, 0, 0, 2]) }],
  ['model.layers.1.self_attn.v_proj', { A: f32([2, 3], [0.5, 0, 0, 0, 0, 1]), B: f32([1, 2], [1, 1]) }],
]);

describe('PEFT LoRA adapter files', () => {
  it('writes adapter_config.json with the fields PEFT writes for a causal-LM LoRA', async () => {
    await saveLoraAdapter(tempDir(), config, modules);
    const written = JSON.parse(await readFile(path.join(tempDir(), 'adapter_config.json'), 'utf8'));
    expect(written).toMatchObject({
      peft_type: 'LORA',
      task_type: 'CAUSAL_LM',
      r: 2,
      lora_alpha: 4,
      lora_dropout: 0.05,
      target_modules: ['q_proj', 'v_proj'],
      base_model_name_or_path: 'whetstone/tiny-llama',
      bias: 'none',
      fan_in_fan_out: false,
      inference_mode: true,
      use_rslora: false,
      use_dora: false,
      modules_to_save: null,
      rank_pattern: {},
      alpha_pattern: {},
    });
  });

  it('names tensors as PEFT does, A as [r, in] and B as [out, r]', async () => {
    await saveLoraAdapter(tempDir(), config, modules);
    const file = await SafetensorsFile.open(path.join(tempDir(), 'adapter_model.safetensors'));
    try {
      const shapes = Object.fromEntries(file.names().map((name) => [name, file.info(name).shape]));
      expect(shapes).toEqual({
        'base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight': [2, 3],
        'base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight': [2, 2],
        'base_model.model.model.layers.1.self_attn.v_proj.lora_A.weight': [2, 3],
        'base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight': [1, 2],
      });
      expect(file.info('base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight').dtype).toBe('F32');
      expect(file.metadata).toEqual({ format: 'pt' });
    } finally {
      await file.close();
    }
  });

  it('loads back the same config and matrices', async () => {
    await saveLoraAdapter(tempDir(), config, modules);
    const adapter = await loadLoraAdapter(tempDir());
    expect(adapter.config).toEqual({ ...config, target_modules: ['q_proj', 'v_proj'], use_rslora: false });
    expect(adapter.modules).toEqual(modules);
  });

  it('refuses to save a module outside target_modules or with the wrong rank', async () => {
    const extra = new Map(modules).set('model.layers.0.mlp.up_proj', modules.get('model.layers.0.self_attn.q_proj')!);
    await expect(saveLoraAdapter(tempDir(), config, extra)).rejects.toThrow(/up_proj is not in target_modules/);
    await expect(saveLoraAdapter(tempDir(), { ...config, r: 4 }, modules)).rejects.toThrow(/rank 2 does not match r = 4/);
  });

  it.each([
    [{ use_dora: true }, /use_dora/],
    [{ peft_type: 'IA3' }, /peft_type/],
    [{ alpha_pattern: { q_proj: 8 } }, /alpha_pattern/],
    [{ modules_to_save: ['lm_head'] }, /modules_to_save/],
  ])('refuses adapters using %p rather than misapplying them', async (change, message) => {
    await saveLoraAdapter(tempDir(), config, modules);
    const configPath = path.join(tempDir(), 'adapter_config.json');
    const raw = JSON.parse(await readFile(configPath, 'utf8'));
    await writeFile(configPath, JSON.stringify({ ...raw, ...change }));
    await expect(loadLoraAdapter(tempDir())).rejects.toThrow(message);
  });

  it('parses PEFT names with or without the adapter name, and lists module paths per layer', () => {
    expect(parsePeftLoraTensorName('base_model.model.model.layers.3.mlp.down_proj.lora_B.weight')).toEqual({
      modulePath: 'model.layers.3.mlp.down_proj',
      matrix: 'B',
    });
    expect(parsePeftLoraTensorName('base_model.model.model.layers.0.self_attn.q_proj.lora_A.default.weight')?.matrix).toBe('A');
    expect(parsePeftLoraTensorName('model.layers.0.self_attn.q_proj.weight')).toBeUndefined();
    expect(loraModulePaths(2, ['q_proj', 'down_proj'])).toEqual([
      'model.layers.0.self_attn.q_proj',
      'model.layers.0.mlp.down_proj',
      'model.layers.1.self_attn.q_proj',
      'model.layers.1.mlp.down_proj',
    ]);
  });
});

describe('mergeLoraIntoWeights', () => {
  const base = new Map<string, HostTensor>([
    ['model.layers.0.self_attn.q_proj.weight', f32([2, 3], [1, 0, 0, 0, 1, 0])],
    ['model.layers.1.self_attn.v_proj.weight', f32([1, 3], [0, 0, 0])],
    ['model.norm.weight', f32([3], [1, 1, 1])],
  ]);

  it('adds (alpha / r) · B · A to each adapted weight (hand-computed)', () => {
    // q: B·A = [[1,0],[0,2]]·[[1,2,3],[0,1,0]] = [[1,2,3],[0,2,0]]; scale 4/2 = 2 → W + 2·BA = [[3,4,6],[0,5,0]]
    // v: B·A = [[1,1]]·[[0.5,0,0],[0,0,1]] = [[0.5,0,1]] → 2·BA = [[1,0,2]]
    const merged = mergeLoraIntoWeights(base, { config, modules });
    expect(Array.from(merged.get('model.layers.0.self_attn.q_proj.weight')!.data as Float32Array)).toEqual([3, 4, 6, 0, 5, 0]);
    expect(Array.from(merged.get('model.layers.1.self_attn.v_proj.weight')!.data as Float32Array)).toEqual([1, 0, 2]);
    expect(merged.get('model.norm.weight')).toBe(base.get('model.norm.weight'));
    expect(Array.from(base.get('model.layers.0.self_attn.q_proj.weight')!.data as Float32Array)).toEqual([1, 0, 0, 0, 1, 0]); // input untouched
  });

  it('scales by alpha / sqrt(r) for rsLoRA', () => {
    const merged = mergeLoraIntoWeights(base, { config: { ...config, use_rslora: true }, modules });
    const s = 4 / Math.sqrt(2);
    const expected = [1 + s, 2 * s, 3 * s, 0, 1 + 2 * s, 0].map(Math.fround);
    expect(Array.from(merged.get('model.layers.0.self_attn.q_proj.weight')!.data as Float32Array)).toEqual(expected);
  });

  it('rejects adapters that do not fit the weights', () => {
    const missing = new Map(base);
    missing.delete('model.layers.1.self_attn.v_proj.weight');
    expect(() => mergeLoraIntoWeights(missing, { config, modules })).toThrow(/no model\.layers\.1\.self_attn\.v_proj\.weight/);
    const wrongShape = new Map(base).set('model.layers.1.self_attn.v_proj.weight', f32([3, 1], [0, 0, 0]));
    expect(() => mergeLoraIntoWeights(wrongShape, { config, modules })).toThrow(/B·A is float32 \[1,3\]/);
  });
});
