import type { CheckpointState } from '../../src/checkpoint/checkpoint-state';
import type { TrainingEvaluation } from '../../src/evaluation/generation-evaluator';
import type { HealthWarning } from '../../src/evaluation/health/health-warning';
import { TrainingDivergedError } from '../../src/evaluation/health/training-diverged-error';
import type { TrainedModel } from '../../src/loop/trained-model';
import type { PreferenceStepMetrics, PreferenceValidationMetrics } from '../../src/preference-loop/preference-metrics';
import { runPreferenceTraining } from '../../src/preference-loop/run-preference-training';
import type { HostTensor } from '../../src/tensor/host-tensor';
import { preferenceOptions, reversedHeldOut } from './preference-fixture';

const adapterValues = (model: TrainedModel) => {
  if (model.kind !== 'lora') throw new Error('expected a LoRA adapter');
  return [...model.adapter.modules].map(([path, pair]) => [path, Array.from(pair.A.data as Float32Array), Array.from(pair.B.data as Float32Array)]);
};
const trainableValues = (tensors: ReadonlyMap<string, HostTensor>) => [...tensors].map(([name, t]) => [name, Array.from(t.data as Float32Array)]);

describe('preference training run control', () => {
  it('early stopping ends the run after `patience` validations without improvement; best and last deliver the matching weights', async () => {
    // Validation on reversed pairs: the better the policy learns the training preference, the worse it does there.
    const run = async (checkpointSelection: 'best' | 'last') => {
      const steps: PreferenceStepMetrics[] = [];
      const validations: PreferenceValidationMetrics[] = [];
      const trainableAt = new Map<number, Map<string, HostTensor>>();
      const checkpoints: CheckpointState[] = [];
      const result = await runPreferenceTraining(
        preferenceOptions({ maxSteps: 20, evalEvery: 1 }, { validationExamples: reversedHeldOut, earlyStopping: { patience: 2, minDelta: 0 }, checkpointSelection }),
        {
          onStep: (m, state) => {
            steps.push(m);
            trainableAt.set(m.step, state.checkpoint().trainer.trainable);
          },
          onValidation: (v) => void validations.push(v),
          onCheckpoint: (c) => void checkpoints.push(c),
        },
      );
      return { result, steps, validations, trainableAt, checkpoints };
    };
    const best = await run('best');
    process.stdout.write(`reversed validation loss by step: ${best.validations.map((v) => `${v.step}: ${v.validLoss.toFixed(4)}`).join(', ')}\n`);
    expect(best.validations.map((v) => v.step)).toEqual([1, 2, 3]);
    expect(best.validations[1]!.validLoss).toBeGreaterThan(best.validations[0]!.validLoss);
    expect(best.validations[2]!.validLoss).toBeGreaterThan(best.validations[0]!.validLoss);
    expect(best.result.status).toBe('completed');
    expect(best.result.earlyStopped).toEqual({ step: 3, bestStep: 1, bestValidLoss: best.validations[0]!.validLoss });
    expect(best.steps).toHaveLength(3); // of 20
    expect(best.result.position.step).toBe(3);
    expect(best.result.delivered).toEqual({ step: 1, selection: 'best', validLoss: best.validations[0]!.validLoss });
    const atStep = (k: number) => trainableValues(best.trainableAt.get(k)!);
    expect(adapterValues(best.result.model).flatMap(([p, a, b]) => [[`base_model.model.${p}.lora_A.weight`, a], [`base_model.model.${p}.lora_B.weight`, b]]).sort()).toEqual(
      [...atStep(1)].sort(),
    );
    // The end checkpoint carries the early-stopping state and the best step's weights.
    expect(best.checkpoints.map((c) => c.position.step)).toEqual([3]);
    expect(best.checkpoints[0]!.tracking.earlyStopping).toEqual({ bestLoss: best.validations[0]!.validLoss, bestStep: 1, evaluationsWithoutImprovement: 2 });
    expect(trainableValues(best.checkpoints[0]!.bestTrainable!)).toEqual(atStep(1));

    const last = await run('last');
    expect(last.result.delivered).toEqual({ step: 3, selection: 'last', validLoss: last.validations[2]!.validLoss });
    expect(adapterValues(last.result.model)).not.toEqual(adapterValues(best.result.model));
    expect(last.steps.map((m) => m.loss)).toEqual(best.steps.map((m) => m.loss));
  }, 30_000);

  it('the divergence guard stops a run whose loss explodes with a TrainingDivergedError, after warning', async () => {
    const warnings: HealthWarning[] = [];
    const steps: PreferenceStepMetrics[] = [];
    // Full fine-tuning (embeddings included: with LoRA alone the final norm and frozen embeddings bound the logits).
    const error = await runPreferenceTraining(preferenceOptions({ method: 'full', learningRate: 10, maxGradNorm: 0, maxSteps: 20 }), {
      onStep: (m) => void steps.push(m),
      onWarning: (w) => void warnings.push(w),
    }).catch((e: unknown) => e);
    process.stdout.write(`learning rate 10: losses ${steps.map((m) => m.loss.toPrecision(4)).join(', ')}; ${String(error)}\n`);
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const diverged = error as TrainingDivergedError;
    expect(diverged.code).toBe('training_diverged');
    expect(diverged.warning.code).toBe('loss_exploding');
    expect(diverged.step).toBe(2);
    expect(steps).toHaveLength(2); // the run stopped right after the diverging step
    expect(warnings.at(-1)).toEqual(diverged.warning);

    const unguarded: HealthWarning[] = [];
    const result = await runPreferenceTraining(preferenceOptions({ method: 'full', learningRate: 10, maxGradNorm: 0, maxSteps: 3 }, { divergenceGuard: false }), { onWarning: (w) => void unguarded.push(w) });
    expect(result.status).toBe('completed');
    expect(unguarded.map((w) => w.severity)).toContain('error');
  }, 30_000);

  it('warns, once each, when validation loss rises as training loss falls and when accuracy saturates early', async () => {
    const warnings: HealthWarning[] = [];
    await runPreferenceTraining(
      preferenceOptions({ maxSteps: 8, evalEvery: 1 }, { validationExamples: reversedHeldOut, health: { accuracySaturated: { earlyStep: 4, consecutive: 2 } } }),
      { onWarning: (w) => void warnings.push(w) },
    );
    process.stdout.write(warnings.map((w) => `warning ${w.code} at step ${w.step}: ${w.message}`).join('\n') + '\n');
    expect(warnings.map((w) => w.code).sort()).toEqual(['overfitting', 'preference_accuracy_saturated']);
    expect(warnings.every((w) => w.severity === 'warning')).toBe(true);
  }, 30_000);

  it('warns when the DPO loss stays at ln 2 with zero rewards', async () => {
    const warnings: HealthWarning[] = [];
    await runPreferenceTraining(preferenceOptions({ learningRate: 1e-12, maxSteps: 5 }, { health: { dpoNotLearning: { afterSteps: 2, window: 3 } } }), {
      onWarning: (w) => void warnings.push(w),
    });
    expect(warnings).toEqual([expect.objectContaining({ code: 'dpo_not_learning', step: 4, details: expect.objectContaining({ lossAtZeroMargin: Math.LN2 }) })]);
  }, 30_000);

  it('reports user-defined generation metrics of the base model, at each validation and of the delivered model', async () => {
    const evaluations: TrainingEvaluation[] = [];
    await runPreferenceTraining(
      preferenceOptions(
        { maxSteps: 20, evalEvery: 10, gradientAccumulationSteps: 1 },
        {
          generationEval: { metrics: [{ type: 'regex_match', name: 'bracketed', pattern: '^\\s*\\[' }, { type: 'contains', value: '[' }], maxNewTokens: 6, sampleRows: 2 },
        },
      ),
      { onEvaluation: (e) => void evaluations.push(e) },
    );
    const means = (e: TrainingEvaluation) => Object.fromEntries(e.metrics.map((m) => [m.name, m.mean]));
    process.stdout.write(
      evaluations.map((e) => `${e.stage} (step ${e.step}): ${JSON.stringify(means(e))} e.g. ${JSON.stringify(e.samples[0]!.generation)}`).join('\n') + '\n',
    );
    expect(evaluations.map((e) => [e.stage, e.step])).toEqual([['base', 0], ['checkpoint', 10], ['final', 20]]);
    const [base, , final] = evaluations.map(means);
    expect(base).toEqual({ bracketed: 0, contains: 0 });
    expect(final!.bracketed).toBeGreaterThanOrEqual(0.5);
    expect(final!.contains).toBe(1);
    expect(evaluations[2]!.samples).toHaveLength(2);
    expect(evaluations[2]!.samples[0]).toMatchObject({ prompt: expect.stringContaining('Q:'), reference: expect.stringContaining('['), scores: { bracketed: expect.any(Number) } });
  }, 60_000);
});
