import type { CheckpointState } from '../../src/checkpoint/checkpoint-state';
import type { TrainingEvaluation } from '../../src/evaluation/generation-evaluator';
import { runSupervisedTraining } from '../../src/loop/run-supervised-training';
import { parseSftHyperparameters } from '../../src/loop/sft-hyperparameters';
import type { SftStepMetrics } from '../../src/loop/sft-metrics';
import { runPreferenceTraining } from '../../src/preference-loop/run-preference-training';
import type { HostTensor } from '../../src/tensor/host-tensor';
import { loadTaskModel, RUNTIME, type TaskModel } from '../learning/learning-run';
import { taskExample, taskWords } from '../learning/upper-case-task';
import { model as preferenceModel, preferenceOptions } from '../preference-loop/preference-fixture';

let task: TaskModel;
beforeAll(async () => {
  task = await loadTaskModel();
});

const words = taskWords(24, 5);
const train = words.slice(0, 16).map(taskExample);
const validation = words.slice(16).map(taskExample);

/** A private copy of every weight, as the worker's run reads its own from the model folder. */
function ownCopy(weights: ReadonlyMap<string, HostTensor>): Map<string, HostTensor> {
  return new Map([...weights].map(([name, t]) => [name, { ...t, shape: [...t.shape], data: t.data.slice() } as HostTensor]));
}

/** A full SFT run with checkpoints, validation and generation metrics at base, checkpoint and final stages. */
async function fullRun(weights: Map<string, HostTensor>, trainInPlace: boolean) {
  const steps: SftStepMetrics[] = [];
  const checkpoints: CheckpointState[] = [];
  const evaluations: TrainingEvaluation[] = [];
  const result = await runSupervisedTraining(
    {
      config: task.model.config,
      weights,
      trainInPlace,
      tokenizer: task.tokenizer,
      trainExamples: train,
      validationExamples: validation,
      hyperparameters: parseSftHyperparameters({ method: 'full', batchSize: 4, learningRate: 3e-3, maxSteps: 4, evalEvery: 2, seed: 7 }),
      runtime: RUNTIME,
      checkpointEvery: 2,
      generationEval: { metrics: [{ type: 'contains', value: 'ANSWER' }], maxNewTokens: 6, maxPrompts: 3 },
    },
    { onStep: (m) => void steps.push(m), onCheckpoint: (c) => void checkpoints.push(c), onEvaluation: (e) => void evaluations.push(e) },
  );
  return { result, steps, checkpoints, evaluations };
}

const bits = (t: HostTensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

describe('training the caller’s weights in place (trainInPlace)', () => {
  it('full SFT trains the very arrays it was given, with the same steps, checkpoints, evaluations and delivered model as a copying run', async () => {
    const copied = ownCopy(task.model.weights);
    const owned = ownCopy(task.model.weights);
    const before = ownCopy(owned);
    const copying = await fullRun(copied, false);
    const inPlace = await fullRun(owned, true);

    expect(inPlace.steps.map((s) => [s.loss, s.gradNorm])).toEqual(copying.steps.map((s) => [s.loss, s.gradNorm]));
    // The base model's metrics were measured before the first step changed the arrays.
    expect(inPlace.evaluations.map((e) => [e.stage, e.step])).toEqual([['base', 0], ['checkpoint', 2], ['final', 4]]);
    expect(inPlace.evaluations).toEqual(copying.evaluations);
    expect(inPlace.checkpoints.map((c) => c.position.step)).toEqual([2, 4]);
    for (const [k, checkpoint] of inPlace.checkpoints.entries()) {
      for (const [name, t] of checkpoint.trainer.trainable) expect(bits(t).equals(bits(copying.checkpoints[k]!.trainer.trainable.get(name)!))).toBe(true);
    }

    const delivered = inPlace.result.model;
    const reference = copying.result.model;
    if (delivered.kind !== 'full' || reference.kind !== 'full') throw new Error('full runs deliver weights');
    expect([...delivered.weights.keys()].sort()).toEqual([...reference.weights.keys()].sort());
    for (const [name, t] of delivered.weights) {
      expect(bits(t).equals(bits(reference.weights.get(name)!))).toBe(true);
      // No model-sized copy: the delivered tensors are the caller's arrays, now trained.
      expect(t.data).toBe(owned.get(name)!.data);
    }
    // The copying run left its caller's weights alone; the in-place run changed every matrix of its caller's.
    for (const [name, t] of copied) expect(bits(t).equals(bits(before.get(name)!))).toBe(true);
    expect([...owned].filter(([name, t]) => !bits(t).equals(bits(before.get(name)!))).length).toBeGreaterThan(0);
  }, 90_000);

  it('full DPO given its weights to train in place still copies them: the base model stays its reference', async () => {
    const weights = ownCopy(preferenceModel.weights);
    const before = ownCopy(weights);
    const result = await runPreferenceTraining(preferenceOptions({ method: 'full', learningRate: 1e-3, maxSteps: 2 }, { weights, trainInPlace: true, validationExamples: [] }));
    expect(result.position.step).toBe(2);
    for (const [name, t] of weights) expect(bits(t).equals(bits(before.get(name)!))).toBe(true);
    if (result.model.kind !== 'full') throw new Error('a full run delivers weights');
    expect([...result.model.weights].some(([name, t]) => !bits(t).equals(bits(before.get(name)!)))).toBe(true);
  }, 60_000);
});
