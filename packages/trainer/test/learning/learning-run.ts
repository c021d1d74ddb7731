import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTokenizer, type LoadedTokenizer } from '@whetstone/tokenizer';
import { loadModelFolder, type LoadedModelFolder } from '../../src/io/model-folder/load-model-folder';
import { runSupervisedTraining, type SupervisedTrainingResult } from '../../src/loop/run-supervised-training';
import { parseSftHyperparameters, type SftHyperparametersInput } from '../../src/loop/sft-hyperparameters';
import type { SftStepMetrics, SftValidationMetrics } from '../../src/loop/sft-metrics';
import { taskExample, taskSplit, writeTaskModel } from './upper-case-task';

export const RUNTIME = { intraOpNumThreads: 1, interOpNumThreads: 1 };

export interface TaskModel {
  dir: string;
  model: LoadedModelFolder;
  tokenizer: LoadedTokenizer;
}

/** Writes the task's tiny model folder to a fresh temp dir and loads it back, as a user's run would. */
export async function loadTaskModel(): Promise<TaskModel> {
  const dir = mkdtempSync(path.join(tmpdir(), 'whetstone-learning-'));
  await writeTaskModel(dir);
  return { dir, model: await loadModelFolder(dir), tokenizer: await loadTokenizer(dir) };
}

export interface LearningRun {
  result: SupervisedTrainingResult;
  steps: SftStepMetrics[];
  validations: SftValidationMetrics[];
}

/** Trains on the task's training words, validating on the held-out ones before and after. */
export async function trainOnTask(task: TaskModel, hyperparameters: SftHyperparametersInput, words = taskSplit()): Promise<LearningRun> {
  const steps: SftStepMetrics[] = [];
  const validations: SftValidationMetrics[] = [];
  const result = await runSupervisedTraining(
    {
      config: task.model.config,
      weights: task.model.weights,
      tokenizer: task.tokenizer,
      trainExamples: words.train.map(taskExample),
      validationExamples: words.heldOut.map(taskExample),
      hyperparameters: parseSftHyperparameters(hyperparameters),
      runtime: RUNTIME,
      validateAtStart: true,
    },
    { onStep: (m) => void steps.push(m), onValidation: (m) => void validations.push(m) },
  );
  return { result, steps, validations };
}

/** Mean training loss of the last `n` steps (single steps are noisy). */
export function finalTrainLoss(steps: readonly SftStepMetrics[], n = 10): number {
  const last = steps.slice(-n);
  return last.reduce((s, m) => s + m.loss, 0) / last.length;
}
