import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadTokenizer } from '@whetstone/tokenizer';
import { loadModelFolder } from '../io/model-folder/load-model-folder';
import { readSupervisedJsonl } from '../loop/read-examples-jsonl';
import { runSupervisedTraining } from '../loop/run-supervised-training';
import { saveTrainedModel } from '../loop/trained-model';
import { splitForValidation } from '../loop/validation-split';
import { formatDuration, formatNumber } from './format';
import { MetricsFile } from './metrics-file';
import { BarReporter, LineReporter, type ProgressReporter } from './progress-reporter';
import type { TrainCliArgs } from './train-command';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Aborted on Ctrl-C: the run stops after the current step and nothing is written. */
  signal: AbortSignal;
}

/** Loads the model and data, trains, writes the adapter or model folder. Bad input throws a message meant for the user. */
export async function runTrainCli(args: TrainCliArgs, io: CliIo): Promise<'completed' | 'cancelled'> {
  requireFolder(args.model, 'config.json', '--model');
  requireFile(args.train, '--train');
  if (args.validation) requireFile(args.validation, '--validation');

  const model = await loadModelFolder(args.model);
  if (!model.tokenizerDir) throw new Error(`--model ${args.model}: no tokenizer.json in the model folder`);
  const tokenizer = await loadTokenizer(model.tokenizerDir);
  const examples = await readSupervisedJsonl(args.train);
  const { train, validation } = args.validation
    ? { train: examples, validation: await readSupervisedJsonl(args.validation) }
    : splitForValidation(examples, args.validationSplit, args.hyperparameters.seed);

  const reporter: ProgressReporter = io.stdout.isTTY ? new BarReporter(io.stdout) : new LineReporter(io.stdout);
  const metrics = args.metricsFile ? new MetricsFile(args.metricsFile) : undefined;
  try {
    const result = await runSupervisedTraining(
      {
        config: model.config,
        weights: model.weights,
        tokenizer,
        trainExamples: train,
        validationExamples: validation,
        hyperparameters: args.hyperparameters,
        runtime: { executionProvider: args.executionProvider, intraOpNumThreads: args.threads },
        baseModelNameOrPath: args.model,
      },
      {
        signal: io.signal,
        onStart: (plan) => {
          const { train: t, validation: v } = plan.data;
          reporter.note(
            `${t.examples} training examples (${t.truncated} truncated, ${t.dropped} without trained tokens left out), ` +
              `${v.examples} validation examples; ${plan.trainableParameters} trainable parameters in ${plan.trainableTensors} tensors`,
          );
          reporter.start(plan);
        },
        onStep: (m) => {
          reporter.step(m);
          metrics?.step(m);
        },
        onValidation: (m) => {
          reporter.validation(m);
          metrics?.validation(m);
        },
      },
    );
    reporter.stop();
    const { status, position, trainedTokens, lastStep } = result;
    if (status === 'cancelled') {
      metrics?.end({ status, step: position.step, trainedTokens });
      io.stdout.write(`cancelled after step ${position.step} of ${result.plan.totalSteps}; nothing was written to ${args.output}\n`);
      return status;
    }
    const files = await saveTrainedModel(args.output, result.model, args.model);
    metrics?.end({ status, step: position.step, trainedTokens, output: args.output });
    const loss = lastStep ? ` final train_loss ${formatNumber(lastStep.loss)}` : '';
    const valid = result.lastValidation ? ` valid_loss ${formatNumber(result.lastValidation.validLoss)}` : '';
    const elapsed = lastStep ? ` in ${formatDuration(lastStep.elapsedSeconds)}` : '';
    io.stdout.write(`trained ${position.step} steps${elapsed};${loss}${valid}\nwrote ${files.join(', ')} to ${args.output}\n`);
    return status;
  } finally {
    reporter.stop();
    metrics?.close();
  }
}

function requireFile(file: string, flag: string): void {
  if (!existsSync(file)) throw new Error(`${flag} ${file}: no such file`);
  if (!statSync(file).isFile()) throw new Error(`${flag} ${file}: not a file`);
}

function requireFolder(dir: string, mustContain: string, flag: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${flag} ${dir}: no such folder`);
  if (!existsSync(path.join(dir, mustContain))) throw new Error(`${flag} ${dir}: no ${mustContain} in the folder`);
}
