import type { CheckpointState } from '../../src/checkpoint/checkpoint-state';
import type { ChatPreferenceExample } from '../../src/data/examples';
import { tokenizePreferenceExample } from '../../src/data/tokenize-preference';
import { learningRateAt } from '../../src/optim/lr-schedule';
import type { PreferenceStepMetrics, PreferenceValidationMetrics } from '../../src/preference-loop/preference-metrics';
import { runPreferenceTraining } from '../../src/preference-loop/run-preference-training';
import { model, pairs, preferenceOptions, tokenizer } from './preference-fixture';

function recorder() {
  const steps: PreferenceStepMetrics[] = [];
  const validations: PreferenceValidationMetrics[] = [];
  return { steps, validations, hooks: { onStep: (m: PreferenceStepMetrics) => void steps.push(m), onValidation: (v: PreferenceValidationMetrics) => void validations.push(v) } };
}

describe('runPreferenceTraining', () => {
  it('reports TRL-named metrics every step, validates every evalEvery steps and at the end, and learns the preference', async () => {
    const { steps, validations, hooks } = recorder();
    const result = await runPreferenceTraining(preferenceOptions({ epochs: 3, schedule: 'linear', warmupSteps: 1, evalEvery: 2 }, { validateAtStart: true }), hooks);

    // 16 pairs in micro-batches of 4, 2 per step: 2 steps an epoch.
    expect(result.plan).toMatchObject({ totalSteps: 6, stepsPerEpoch: 2, epochs: 3, warmupSteps: 1, start: { step: 0 } });
    expect(result.plan.data.train).toEqual({ examples: 16, truncated: 0, dropped: 0 });
    expect(result.status).toBe('completed');
    expect(result.position).toEqual({ epoch: 3, microBatch: 0, step: 6 });
    expect(steps.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(steps.map((m) => m.epoch)).toEqual([0.5, 1, 1.5, 2, 2.5, 3]);
    const schedule = { type: 'linear' as const, baseLr: 1e-2, warmupSteps: 1, totalSteps: 6 };
    expect(steps.map((m) => m.learning_rate)).toEqual(steps.map((_, k) => learningRateAt(schedule, k)));
    for (const m of steps) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['rewards/chosen', 'rewards/rejected', 'rewards/accuracies', 'rewards/margins', 'logps/chosen', 'logps/rejected', 'loss', 'learning_rate', 'grad_norm', 'tokens/s']));
      expect(m.pairs).toBe(8);
      expect(m['rewards/margins']).toBeCloseTo(m['rewards/chosen'] - m['rewards/rejected'], 6);
      expect(m['tokens/s']).toBeGreaterThan(0);
    }
    const tokensPerEpoch = pairs.train.reduce((n, e) => {
      const p = tokenizePreferenceExample(tokenizer, e)!;
      return n + p.chosen.inputIds.length + p.rejected.inputIds.length;
    }, 0);
    expect(steps.at(-1)!.trainedTokens).toBe(3 * tokensPerEpoch);
    expect(validations.map((v) => v.step)).toEqual([0, 2, 4, 6]);
    const [start, , , end] = validations;
    process.stdout.write(`held-out: loss ${start!.validLoss.toFixed(4)} → ${end!.validLoss.toFixed(4)}, accuracy ${start!['rewards/accuracies']} → ${end!['rewards/accuracies']}, margin ${end!['rewards/margins'].toFixed(4)}\n`);
    expect(start).toMatchObject({ validLoss: expect.closeTo(Math.LN2, 6), 'rewards/margins': 0, pairs: 8 });
    expect(end!['rewards/accuracies']).toBeGreaterThanOrEqual(0.875);
    expect(end!.validLoss).toBeLessThan(start!.validLoss - 0.05);
    expect(result.lastValidation).toEqual(end);
    expect(result.delivered).toEqual({ step: 6, selection: 'last', validLoss: end!.validLoss });
  }, 30_000);

  it('trains on OpenAI-format chat preference pairs', async () => {
    const chat: ChatPreferenceExample[] = pairs.train.map((p) => ({
      input: { messages: [{ role: 'user', content: p.prompt }] },
      preferred_output: [{ role: 'assistant', content: p.chosen.trim() }],
      non_preferred_output: [{ role: 'assistant', content: p.rejected.trim() }],
    }));
    const { steps, hooks } = recorder();
    const result = await runPreferenceTraining(preferenceOptions({ maxSteps: 4 }, { trainExamples: chat, validationExamples: [] }), hooks);
    expect(result.plan.data.train.examples).toBe(16);
    expect(steps[0]!.loss).toBeCloseTo(Math.LN2, 6);
    expect(steps.at(-1)!['rewards/margins']).toBeGreaterThan(0);
    expect(result.lastValidation).toBeUndefined();
  }, 30_000);

  it('stops within one step of the signal being aborted, says it was cancelled, and checkpoints where it stopped', async () => {
    const controller = new AbortController();
    const { steps, validations, hooks } = recorder();
    const checkpoints: CheckpointState[] = [];
    const result = await runPreferenceTraining(preferenceOptions({ epochs: 2 }), {
      ...hooks,
      signal: controller.signal,
      onStep: (m) => {
        hooks.onStep(m);
        if (m.step === 2) controller.abort();
      },
      onCheckpoint: (state) => void checkpoints.push(state),
    });
    expect(result.status).toBe('cancelled');
    expect(steps.map((m) => m.step)).toEqual([1, 2]);
    expect(result.position).toEqual({ epoch: 1, microBatch: 0, step: 2 });
    expect(validations).toEqual([]);
    expect(checkpoints.map((c) => c.position)).toEqual([{ epoch: 1, microBatch: 0, step: 2 }]);
  }, 30_000);

  it('full fine-tuning delivers new weights and leaves the base weights untouched', async () => {
    const name = 'model.layers.0.mlp.down_proj.weight';
    const before = Float32Array.from(model.weights.get(name)!.data as Float32Array);
    const result = await runPreferenceTraining(preferenceOptions({ method: 'full', learningRate: 1e-3, maxSteps: 3 }));
    if (result.model.kind !== 'full') throw new Error('expected full weights');
    expect(result.plan.trainableParameters).toBeGreaterThan(10_000);
    expect(Array.from(result.model.weights.get(name)!.data as Float32Array)).not.toEqual(Array.from(before));
    expect(Array.from(model.weights.get(name)!.data as Float32Array)).toEqual(Array.from(before));
    expect(result.lastValidation!['rewards/accuracies']).toBeGreaterThan(0.5);
  }, 30_000);
});
