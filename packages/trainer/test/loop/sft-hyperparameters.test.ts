import { parseSftHyperparameters } from '../../src/loop/sft-hyperparameters';

describe('parseSftHyperparameters', () => {
  it('fills defaults: LoRA on all linear layers, one epoch, clipping at 1', () => {
    const hp = parseSftHyperparameters({});
    expect(hp).toMatchObject({ method: 'lora', epochs: 1, maxGradNorm: 1, shuffle: true, packing: false, gradientAccumulationSteps: 1 });
    expect(hp.lora).toEqual({ r: 8, alpha: 16, dropout: 0, targetModules: 'all-linear', useRslora: false });
  });

  it('runs for maxSteps alone when only that is given', () => {
    const hp = parseSftHyperparameters({ maxSteps: 10 });
    expect(hp.epochs).toBeUndefined();
    expect(hp.maxSteps).toBe(10);
  });

  it('lists every invalid field', () => {
    let message = '';
    try {
      parseSftHyperparameters({ batchSize: 0, learningRate: -1, lora: { targetModules: ['q_proj', 'lm_head'] as never } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invalid hyperparameters: /);
    expect(message).toMatch(/batchSize: Too small/);
    expect(message).toMatch(/learningRate: Too small/);
    expect(message).toMatch(/lora\.targetModules: expected 'all-linear' or a non-empty list of q_proj, k_proj/);
  });
});
