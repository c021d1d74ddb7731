import { MultiBar, type SingleBar } from 'cli-progress';
import type { SftRunPlan, SftStepMetrics, SftValidationMetrics } from '../loop/sft-metrics';
import { formatDuration, formatNumber } from './format';

/** How the CLI shows a run to a person. */
export interface ProgressReporter {
  start(plan: SftRunPlan): void;
  step(m: SftStepMetrics): void;
  validation(m: SftValidationMetrics): void;
  /** A line of text outside the per-step output. */
  note(text: string): void;
  stop(): void;
}

/** On a terminal: one live bar with step, loss and ETA; other lines print above it. */
export class BarReporter implements ProgressReporter {
  private readonly bars: MultiBar;
  private bar?: SingleBar;

  constructor(stream: NodeJS.WritableStream) {
    this.bars = new MultiBar({
      stream,
      // Loss and ETA first: a narrow terminal cuts the end of the line.
      format: 'step {value}/{total} | loss {loss} | ETA {eta} |{bar}| epoch {epoch} | lr {lr} | {tps} tok/s',
      hideCursor: true,
      barsize: 20,
      gracefulExit: false, // the CLI handles SIGINT itself (cancel after the current step)
    });
  }

  start(plan: SftRunPlan): void {
    this.bar = this.bars.create(plan.totalSteps, plan.start.step, { epoch: '0', loss: '-', lr: '-', tps: '-', eta: '-' });
  }

  step(m: SftStepMetrics): void {
    this.bar?.update(m.step, {
      epoch: m.epoch.toFixed(2),
      loss: m.loss.toFixed(4),
      lr: formatNumber(m.learningRate),
      tps: Math.round(m.tokensPerSecond),
      eta: formatDuration(m.etaSeconds),
    });
  }

  validation(m: SftValidationMetrics): void {
    this.note(validationLine(m));
  }

  note(text: string): void {
    this.bars.log(text + '\n');
  }

  stop(): void {
    this.bars.stop();
  }
}

/** Anywhere else (pipes, CI logs): one plain line per step. */
export class LineReporter implements ProgressReporter {
  constructor(private readonly out: NodeJS.WritableStream) {}

  start(plan: SftRunPlan): void {
    this.note(`training for ${plan.totalSteps} steps (${plan.stepsPerEpoch} per epoch, ${plan.warmupSteps} warmup)`);
  }

  step(m: SftStepMetrics): void {
    this.note(
      `step ${m.step}/${m.totalSteps} epoch ${m.epoch.toFixed(2)} loss ${formatNumber(m.loss)} acc ${formatNumber(m.meanTokenAccuracy)} ` +
        `lr ${formatNumber(m.learningRate)} grad_norm ${formatNumber(m.gradNorm)} ${Math.round(m.tokensPerSecond)} tok/s ` +
        `elapsed ${formatDuration(m.elapsedSeconds)} eta ${formatDuration(m.etaSeconds)}`,
    );
  }

  validation(m: SftValidationMetrics): void {
    this.note(validationLine(m));
  }

  note(text: string): void {
    this.out.write(text + '\n');
  }

  stop(): void {}
}

function validationLine(m: SftValidationMetrics): string {
  return `validation at step ${m.step}: valid_loss ${formatNumber(m.validLoss)} valid_mean_token_accuracy ${formatNumber(m.validMeanTokenAccuracy)}`;
}
