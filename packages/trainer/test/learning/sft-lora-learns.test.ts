import { createLogitsModel } from '../../src/generate/logits-model';
import { finalTrainLoss, loadTaskModel, RUNTIME, trainOnTask } from './learning-run';
import { exactMatch, taskSplit } from './upper-case-task';

describe('supervised fine-tuning with LoRA', () => {
  it('learns the taught answer format: losses fall by ≥ 80 % and ≥ 90 % of held-out prompts are answered exactly', async () => {
    const task = await loadTaskModel();
    const { heldOut } = taskSplit();
    const { result, steps, validations } = await trainOnTask(task, {
      method: 'lora',
      lora: { r: 8, alpha: 16, dropout: 0, targetModules: 'all-linear' },
      learningRate: 1e-2,
      schedule: 'cosine',
      warmupSteps: 10,
      maxSteps: 400,
      batchSize: 16,
      seed: 1,
    });
    expect(result.status).toBe('completed');
    expect(steps).toHaveLength(400);

    // Step 1's loss is measured before any update: the untrained model's training loss.
    const trainBefore = steps[0]!.loss;
    const trainAfter = finalTrainLoss(steps);
    const validBefore = validations[0]!.validLoss;
    const validAfter = validations.at(-1)!.validLoss;
    expect(validations.map((v) => v.step)).toEqual([0, 400]);
    expect(trainAfter).toBeLessThan(0.2 * trainBefore);
    expect(validAfter).toBeLessThan(0.2 * validBefore);

    if (result.model.kind !== 'lora') throw new Error('expected a LoRA result');
    const model = await createLogitsModel(task.model.config, task.model.weights, { adapter: result.model.adapter, runtime: RUNTIME });
    const { rate, replies } = await exactMatch(model, task.tokenizer, heldOut);
    await model.session.release();
    process.stdout.write(
      `LoRA: train loss ${trainBefore.toFixed(3)} -> ${trainAfter.toFixed(3)}, held-out loss ${validBefore.toFixed(3)} -> ${validAfter.toFixed(3)}, ` +
        `held-out exact match ${(rate * 100).toFixed(1)} % (e.g. ${JSON.stringify(replies[0])})\n`,
    );
    expect(rate).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
