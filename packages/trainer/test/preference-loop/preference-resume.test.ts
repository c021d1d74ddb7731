import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalFolderCheckpointStore } from '../../src/checkpoint/local-folder-store';
import { loadCheckpoint } from '../../src/checkpoint/load-checkpoint';
import { saveCheckpoint } from '../../src/checkpoint/save-checkpoint';
import { writeSafetensorsFile } from '../../src/io/safetensors/write-safetensors';
import { saveTrainedModel } from '../../src/loop/trained-model';
import type { PreferenceStepMetrics, PreferenceValidationMetrics } from '../../src/preference-loop/preference-metrics';
import { runPreferenceTraining } from '../../src/preference-loop/run-preference-training';
import { runTsxScript } from '../support/run-tsx-script';
import { resumeRunOptions, reversedHeldOut } from './preference-fixture';

const temp = (label: string) => mkdtempSync(path.join(tmpdir(), `whetstone-${label}-`));
/** Everything a step reports except wall-clock figures. */
const trajectory = ({ 'tokens/s': _t, elapsedSeconds: _e, etaSeconds: _eta, ...rest }: PreferenceStepMetrics) => rest;

describe('preference training resumes exactly from a checkpoint in a fresh process', () => {
  it('LoRA with dropout: N steps + checkpoint + N more steps in another process = 2N steps straight, bit for bit', async () => {
    // Validation on reversed pairs gets worse as training proceeds, so the best step (2) lies before the
    // checkpoint (3): the resumed process must deliver weights it only has from the checkpoint.
    const options = resumeRunOptions({ validationExamples: reversedHeldOut, earlyStopping: { patience: 10, minDelta: 0 } });
    const straightSteps: PreferenceStepMetrics[] = [];
    const straightValidations: PreferenceValidationMetrics[] = [];
    const straight = await runPreferenceTraining(options, { onStep: (m) => void straightSteps.push(m), onValidation: (v) => void straightValidations.push(v) });
    const straightDir = temp('straight');
    await saveTrainedModel(path.join(straightDir, 'adapter'), straight.model);
    await writeSafetensorsFile(path.join(straightDir, 'last.safetensors'), straight.checkpoint().trainer.trainable);
    expect(straight.plan).toMatchObject({ totalSteps: 6, stepsPerEpoch: 2 });
    expect(straight.delivered).toMatchObject({ step: 2, selection: 'best' });

    const checkpointDir = temp('checkpoint');
    const stop = new AbortController();
    const firstHalf: PreferenceStepMetrics[] = [];
    const first = await runPreferenceTraining(options, {
      signal: stop.signal,
      onStep: (m) => void firstHalf.push(m),
      onCheckpoint: async (state) => {
        await saveCheckpoint(new LocalFolderCheckpointStore(checkpointDir), state);
        stop.abort();
      },
    });
    expect(first.status).toBe('cancelled');
    expect(first.position).toEqual({ epoch: 1, microBatch: 2, step: 3 }); // mid-epoch
    expect(firstHalf.map(trajectory)).toEqual(straightSteps.slice(0, 3).map(trajectory));
    const saved = await loadCheckpoint(new LocalFolderCheckpointStore(checkpointDir));
    expect(saved.tracking.best).toEqual({ step: 2, validLoss: straightValidations[0]!.validLoss });

    const outDir = temp('resumed');
    const child = await runTsxScript(path.join(__dirname, 'resume-preference-child.ts'), [checkpointDir, outDir]);
    const resumed = JSON.parse(readFileSync(path.join(outDir, 'steps.json'), 'utf8')) as {
      status: string;
      delivered: unknown;
      steps: PreferenceStepMetrics[];
      validations: PreferenceValidationMetrics[];
    };
    const losses = (steps: PreferenceStepMetrics[]) => steps.map((m) => m.loss);
    process.stdout.write(
      `straight losses ${JSON.stringify(losses(straightSteps))}\nresumed losses (steps 4-6, fresh process, ${child.seconds.toFixed(1)} s) ${JSON.stringify(losses(resumed.steps))}\n`,
    );
    expect(resumed.status).toBe('completed');
    expect(resumed.steps.map((m) => m.step)).toEqual([4, 5, 6]);
    expect(resumed.steps.map(trajectory)).toEqual(straightSteps.slice(3).map(trajectory));
    expect(resumed.validations).toEqual(straightValidations.filter((v) => v.step > 3));
    expect(resumed.delivered).toEqual(straight.delivered);
    for (const file of ['adapter/adapter_model.safetensors', 'adapter/adapter_config.json', 'last.safetensors']) {
      expect(readFileSync(path.join(outDir, file)).equals(readFileSync(path.join(straightDir, file)))).toBe(true);
    }
  }, 90_000);

  it('refuses to resume under different hyperparameters or data', async () => {
    const result = await runPreferenceTraining(resumeRunOptions(), {});
    const state = result.checkpoint();
    const changed = resumeRunOptions({ resumeFrom: state });
    changed.hyperparameters = { ...changed.hyperparameters, beta: 0.2 };
    await expect(runPreferenceTraining(changed)).rejects.toMatchObject({ code: 'incompatible', message: expect.stringContaining('hyperparameter beta was 0.1, is 0.2') });
    await expect(runPreferenceTraining(resumeRunOptions({ resumeFrom: state, trainExamples: resumeRunOptions().trainExamples.slice(1) }))).rejects.toMatchObject({
      code: 'incompatible',
      message: expect.stringContaining('training data differs'),
    });
  }, 30_000);
});
