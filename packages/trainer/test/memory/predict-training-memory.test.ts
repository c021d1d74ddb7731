import { parameterCount } from '../../src/io/model-folder/llama-weight-layout';
import { initLoraAdapter } from '../../src/model/lora';
import { needsRecompute, predictTrainingMemory, trainableParameters, type TrainingMemoryInput } from '../../src/memory/predict-training-memory';
import { PRESET_LORA, PRESETS } from '../../bench/presets/presets';
import { tinyLlamaConfig, tinyLlamaWeights } from '../model/tiny-llama';

const smol = PRESETS['smollm2-135m']!.config;
const lora = { kind: 'lora' as const, r: PRESET_LORA.r, targetModules: PRESET_LORA.targetModules };
const base: TrainingMemoryInput = { config: smol, method: lora, objective: 'sft', rows: 4, seq: 256, recompute: false };

describe('predictTrainingMemory', () => {
  it('counts the LoRA values an adapter really has, and every weight for full fine-tuning', () => {
    const config = tinyLlamaConfig({ num_hidden_layers: 3 });
    const adapter = initLoraAdapter(config, tinyLlamaWeights(config, 1), { r: 4, alpha: 8, dropout: 0, targetModules: ['q_proj', 'down_proj'] }, 1);
    const values = [...adapter.modules.values()].reduce((n, p) => n + p.A.data.length + p.B.data.length, 0);
    expect(trainableParameters(config, { kind: 'lora', r: 4, targetModules: ['q_proj', 'down_proj'] })).toBe(values);
    expect(trainableParameters(config, { kind: 'full' })).toBe(parameterCount(config));
  });

  it('holds the frozen weights once, and AdamW keeps two float32 moments per trained value', () => {
    const full = predictTrainingMemory({ ...base, method: { kind: 'full' } });
    expect(full.parts.weights).toBe(parameterCount(smol) * 4);
    expect(full.parts.trainable).toBe(parameterCount(smol) * 4);
    expect(full.parts.optimizer).toBe(2 * parameterCount(smol) * 4);
    const adapter = predictTrainingMemory(base);
    expect(adapter.parts.optimizer).toBe(2 * trainableParameters(smol, lora) * 4);
    expect(full.total).toBeGreaterThan(adapter.total + full.parts.optimizer);
  });

  it('full fine-tuning in place holds the model once; the binding’s copy of the gradients counts beside their buffers', () => {
    const copying = predictTrainingMemory({ ...base, method: { kind: 'full' } });
    const inPlace = predictTrainingMemory({ ...base, method: { kind: 'full', inPlace: true } });
    expect(inPlace.parts.trainable).toBe(0);
    expect(copying.total - inPlace.total).toBe(parameterCount(smol) * 4);
    expect(inPlace.parts.gradients).toBeGreaterThanOrEqual(2 * parameterCount(smol) * 4);
  });

  it('grows with the batch and, quadratically through attention, with the row length; recomputation holds less', () => {
    const at = (o: Partial<TrainingMemoryInput>) => predictTrainingMemory({ ...base, ...o }).parts.activations;
    expect(at({ rows: 8 })).toBeGreaterThan(at({ rows: 4 }));
    // 1 × 2048 has the 4 × 256 tokens times two, but eight times the attention square per row.
    expect(at({ rows: 1, seq: 2048 }) - at({ rows: 4, seq: 256 })).toBeGreaterThan(at({ rows: 8, seq: 256 }) - at({ rows: 4, seq: 256 }));
    expect(at({ recompute: true })).toBeLessThan(at({}));
  });

  it('DPO adds the reference pass and a gradient accumulator, not a second copy of the weights', () => {
    const sft = predictTrainingMemory(base);
    const dpo = predictTrainingMemory({ ...base, objective: 'dpo' });
    expect(dpo.parts.weights).toBe(sft.parts.weights);
    expect(dpo.parts.reference).toBeGreaterThan(0);
    expect(dpo.total).toBeLessThan(1.5 * sft.total);
  });

  // Peak RSS measured without recomputation (`npx tsx bench/memory-probe.ts --recompute off --steps 2`, 12-07 23:28-23:35 UTC):
  // the calibration runs the plain graph's coefficients were fitted on.
  it.each([
    ['smollm2-135m', 4, 'lora', 4, 256, 0.631],
    ['smollm2-135m', 8, 'lora', 4, 256, 0.904],
    ['smollm2-135m', 4, 'lora', 1, 2048, 1.683],
    ['smollm2-135m', 8, 'lora', 1, 2048, 3.57],
    ['smollm2-135m', 4, 'full', 4, 256, 1.426],
    ['smollm2-135m', 8, 'full', 4, 256, 1.953],
    ['qwen2.5-0.5b', 4, 'lora', 4, 256, 1.578],
    ['qwen2.5-0.5b', 8, 'lora', 4, 256, 2.388],
    ['qwen2.5-0.5b', 4, 'lora', 1, 2048, 3.149],
  ] as const)('without recomputation, %s at %i layers, %s %i × %i: within ±15 %% of the measured %f GB', (preset, layers, kind, rows, seq, measuredGb) => {
    const config = { ...PRESETS[preset]!.config, num_hidden_layers: layers };
    const method = kind === 'lora' ? lora : { kind: 'full' as const, inPlace: true };
    const predicted = predictTrainingMemory({ config, method, objective: 'sft', rows, seq, recompute: false }).total / 1e9;
    expect(predicted / measuredGb).toBeGreaterThan(0.85);
    expect(predicted / measuredGb).toBeLessThan(1.15);
  });

  it('asks for recomputation exactly when the plain step would not fit the budget', () => {
    const plain = predictTrainingMemory(base).total;
    expect(needsRecompute(base, plain + 1)).toBe(false);
    expect(needsRecompute(base, plain - 1)).toBe(true);
  });
});
