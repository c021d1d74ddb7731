import { createLogitsModel } from '../../src/generate/logits-model';
import { finalTrainLoss, loadTaskModel, RUNTIME, trainOnTask } from './learning-run';
import { exactMatch, taskSplit } from './upper-case-task';

describe('supervised fine-tuning of every weight', () => {
  it('learns the taught answer format: losses fall by ≥ 80 % and ≥ 90 % of held-out prompts are answered exactly', async () => {
    const task = await loadTaskModel();
    const { heldOut } = taskSplit();
    const { result, steps, validations } = await trainOnTask(task, {
      method: 'full',
      learningRate: 3e-3,
      schedule: 'cosine',
      warmupSteps: 10,
      maxSteps: 150,
      batchSize: 16,
      weightDecay: 0.01,
      seed: 1,
    });
    expect(result.status).toBe('completed');

    const trainBefore = steps[0]!.loss;
    const trainAfter = finalTrainLoss(steps);
    const validBefore = validations[0]!.validLoss;
    const validAfter = validations.at(-1)!.validLoss;
    expect(trainAfter).toBeLessThan(0.2 * trainBefore);
    expect(validAfter).toBeLessThan(0.2 * validBefore);

    if (result.model.kind !== 'full') throw new Error('expected a full fine-tuning result');
    const model = await createLogitsModel(task.model.config, result.model.weights, { runtime: RUNTIME });
    const { rate, replies } = await exactMatch(model, task.tokenizer, heldOut);
    await model.session.release();
    process.stdout.write(
      `full: train loss ${trainBefore.toFixed(3)} -> ${trainAfter.toFixed(3)}, held-out loss ${validBefore.toFixed(3)} -> ${validAfter.toFixed(3)}, ` +
        `held-out exact match ${(rate * 100).toFixed(1)} % (e.g. ${JSON.stringify(replies[0])})\n`,
    );
    expect(rate).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
