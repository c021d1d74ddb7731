import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { SftStepMetrics, SftValidationMetrics } from '../loop/sft-metrics';

/**
 * Per-step metrics as JSON lines, with OpenAI's fine-tuning metric names (train_loss, valid_loss, ...).
 * Each line is written synchronously, so the file is complete up to the last step even if the process dies.
 */
export class MetricsFile {
  private readonly fd: number;

  constructor(file: string) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.fd = openSync(file, 'w');
  }

  step(m: SftStepMetrics): void {
    this.write({
      type: 'step',
      step: m.step,
      total_steps: m.totalSteps,
      epoch: m.epoch,
      train_loss: m.loss,
      train_mean_token_accuracy: m.meanTokenAccuracy,
      learning_rate: m.learningRate,
      grad_norm: m.gradNorm,
      tokens_per_second: m.tokensPerSecond,
      trained_tokens: m.trainedTokens,
      elapsed_seconds: m.elapsedSeconds,
      eta_seconds: m.etaSeconds,
    });
  }

  validation(m: SftValidationMetrics): void {
    this.write({ type: 'validation', step: m.step, valid_loss: m.validLoss, valid_mean_token_accuracy: m.validMeanTokenAccuracy });
  }

  end(summary: { status: 'completed' | 'cancelled'; step: number; trainedTokens: number; output?: string }): void {
    this.write({ type: 'end', status: summary.status, step: summary.step, trained_tokens: summary.trainedTokens, output: summary.output ?? null });
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(record: Record<string, unknown>): void {
    writeSync(this.fd, JSON.stringify(record) + '\n');
  }
}
