import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckpointState } from '../../src/checkpoint/checkpoint-state';
import { LocalFolderCheckpointStore } from '../../src/checkpoint/local-folder-store';
import { saveCheckpoint } from '../../src/checkpoint/save-checkpoint';
import { runSupervisedTraining } from '../../src/loop/run-supervised-training';
import type { TrainingEvaluation } from '../../src/evaluation/generation-evaluator';
import type { HealthWarning } from '../../src/evaluation/health/health-warning';
import { TrainingDivergedError } from '../../src/evaluation/health/training-diverged-error';
import { writeSafetensorsFile } from '../../src/io/safetensors/write-safetensors';
import type { SftStepMetrics, SftValidationMetrics } from '../../src/loop/sft-metrics';
import { saveTrainedModel } from '../../src/loop/trained-model';
import { runTsxScript } from '../support/run-tsx-script';
import { sftOptions, sftResumeOptions } from './sft-fixture';

const temp = (label: string) => mkdtempSync(path.join(tmpdir(), `whetstone-${label}-`));
const trajectory = ({ tokensPerSecond: _t, elapsedSeconds: _e, etaSeconds: _eta, ...rest }: SftStepMetrics) => rest;

describe('supervised training with the shared run control', () => {
  it('resumes exactly in a fresh process: N steps + checkpoint + N more = 2N straight, bit for bit (LoRA, dropout 0.2)', async () => {
    const straightSteps: SftStepMetrics[] = [];
    const straightValidations: SftValidationMetrics[] = [];
    const straight = await runSupervisedTraining(sftResumeOptions(), { onStep: (m) => void straightSteps.push(m), onValidation: (v) => void straightValidations.push(v) });
    expect(straight.plan).toMatchObject({ totalSteps: 6, stepsPerEpoch: 2 });
    const straightDir = temp('sft-straight');
    await saveTrainedModel(path.join(straightDir, 'adapter'), straight.model);
    await writeSafetensorsFile(path.join(straightDir, 'last.safetensors'), straight.checkpoint().trainer.trainable);

    const checkpointDir = temp('sft-checkpoint');
    const stop = new AbortController();
    const checkpoints: CheckpointState[] = [];
    const first = await runSupervisedTraining(sftResumeOptions(), {
      signal: stop.signal,
      onCheckpoint: async (state) => {
        checkpoints.push(state);
        await saveCheckpoint(new LocalFolderCheckpointStore(checkpointDir), state);
        stop.abort();
      },
    });
    expect(first.status).toBe('cancelled');
    expect(checkpoints.map((c) => c.position)).toEqual([{ epoch: 1, microBatch: 2, step: 3 }]);
    expect(checkpoints[0]!.tracking.lastValidation).toEqual({ step: 2, validLoss: straightValidations[0]!.validLoss });

    const outDir = temp('sft-resumed');
    const child = await runTsxScript(path.join(__dirname, 'resume-sft-child.ts'), [checkpointDir, outDir]);
    const resumed = JSON.parse(readFileSync(path.join(outDir, 'steps.json'), 'utf8')) as { status: string; delivered: unknown; steps: SftStepMetrics[]; validations: SftValidationMetrics[] };
    process.stdout.write(
      `SFT straight losses ${JSON.stringify(straightSteps.map((m) => m.loss))}\nresumed (steps 4-6, fresh process, ${child.seconds.toFixed(1)} s) ${JSON.stringify(resumed.steps.map((m) => m.loss))}\n`,
    );
    expect(resumed.status).toBe('completed');
    expect(resumed.steps.map(trajectory)).toEqual(straightSteps.slice(3).map(trajectory));
    expect(resumed.validations).toEqual(straightValidations.filter((v) => v.step > 3));
    expect(resumed.delivered).toEqual(straight.delivered);
    for (const file of ['adapter/adapter_model.safetensors', 'adapter/adapter_config.json', 'last.safetensors']) {
      expect(readFileSync(path.join(outDir, file)).equals(readFileSync(path.join(straightDir, file)))).toBe(true);
    }
  }, 90_000);

  it('stops early through the loop signal and reports it as completed, delivering the best validated weights', async () => {
    // minDelta 10: no validation after the first can improve, so patience 1 stops the run at the second one.
    const validations: SftValidationMetrics[] = [];
    const checkpoints: CheckpointState[] = [];
    const evaluations: TrainingEvaluation[] = [];
    const result = await runSupervisedTraining(
      sftOptions({ epochs: 5, evalEvery: 1 }, { earlyStopping: { patience: 1, minDelta: 10 }, checkpointSelection: 'best', generationEval: { metrics: [{ type: 'contains', value: 'ANSWER' }], maxNewTokens: 8, maxPrompts: 4 } }),
      { onValidation: (v) => void validations.push(v), onCheckpoint: (c) => void checkpoints.push(c), onEvaluation: (e) => void evaluations.push(e) },
    );
    expect(result.status).toBe('completed');
    expect(result.earlyStopped).toEqual({ step: 2, bestStep: 1, bestValidLoss: validations[0]!.validLoss });
    expect(result.position.step).toBe(2);
    const best = validations[0]!.validLoss < validations[1]!.validLoss ? validations[0]! : validations[1]!;
    expect(result.delivered).toEqual({ step: best.step, selection: 'best', validLoss: best.validLoss });
    expect(checkpoints.map((c) => c.position.step)).toEqual([2]);
    expect(evaluations.map((e) => [e.stage, e.step])).toEqual([['base', 0], ['checkpoint', 1], ['final', best.step]]);
  }, 30_000);

  it('the divergence guard stops an exploding supervised run with a TrainingDivergedError', async () => {
    const warnings: HealthWarning[] = [];
    const error = await runSupervisedTraining(sftOptions({ method: 'full', learningRate: 10, maxGradNorm: 0, maxSteps: 10 }), { onWarning: (w) => void warnings.push(w) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect(warnings).toEqual([(error as TrainingDivergedError).warning]);
    process.stdout.write(`SFT, learning rate 10: ${(error as Error).message}\n`);
  }, 30_000);
});
