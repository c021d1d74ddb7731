/** @jest-environment ./test/support/ort-environment.js */
import { LlamaTrainer, type LlamaTrainerOptions } from '../../src/train/llama-trainer';
import { predictTrainingMemory } from '../../src/memory/predict-training-memory';
import { tinyLlamaConfig, tinyLlamaWeights } from '../model/tiny-llama';

const config = tinyLlamaConfig();
const lora = { r: 2, alpha: 4, dropout: 0, targetModules: 'all-linear' as const };
const options: LlamaTrainerOptions = {
  config,
  weights: tinyLlamaWeights(config, 5),
  method: { kind: 'lora', lora },
  schedule: { type: 'constant', baseLr: 1e-3, warmupSteps: 0, totalSteps: 10 },
  seed: 1,
  runtime: { intraOpNumThreads: 1 },
};
const plainBytes = predictTrainingMemory({ config, method: { kind: 'lora', r: 2, targetModules: 'all-linear' }, objective: 'sft', rows: 2, seq: 8, recompute: false }).total;

describe("'auto' activation recomputation", () => {
  it.each([
    ['a budget the plain step fits: off', plainBytes + 1, false],
    ['a budget it does not fit: on', plainBytes - 1, true],
  ])('%s', async (_name, budgetBytes, expected) => {
    const trainer = await LlamaTrainer.create({ ...options, memory: { budgetBytes, rows: 2, seq: 8 } });
    expect(trainer.recomputes).toBe(expected);
    await trainer.close();
  });

  it('stays off without a memory plan, and an explicit setting wins', async () => {
    for (const [recompute, expected] of [[undefined, false], [true, true], [false, false]] as const) {
      const trainer = await LlamaTrainer.create({ ...options, recompute, memory: recompute === false ? { budgetBytes: 1, rows: 2, seq: 8 } : undefined });
      expect(trainer.recomputes).toBe(expected);
      await trainer.close();
    }
  });
});
