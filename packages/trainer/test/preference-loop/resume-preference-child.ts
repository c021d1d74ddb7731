/**
 * The second half of the preference resume test, in a process of its own: loads the checkpoint from
 * <checkpoint dir>, trains to the end of the run, and writes to <out dir> the per-step and validation
 * metrics (steps.json), the delivered adapter (adapter/), and the last step's trainable tensors
 * (last.safetensors).
 *
 *   node node_modules/tsx/dist/cli.mjs packages/trainer/test/preference-loop/resume-preference-child.ts <checkpoint dir> <out dir>
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCheckpoint } from '../../src/checkpoint/load-checkpoint';
import { LocalFolderCheckpointStore } from '../../src/checkpoint/local-folder-store';
import { writeSafetensorsFile } from '../../src/io/safetensors/write-safetensors';
import { saveTrainedModel } from '../../src/loop/trained-model';
import type { PreferenceStepMetrics, PreferenceValidationMetrics } from '../../src/preference-loop/preference-metrics';
import { runPreferenceTraining } from '../../src/preference-loop/run-preference-training';
import { resumeRunOptions, reversedHeldOut } from './preference-fixture';

async function main(): Promise<void> {
  const [checkpointDir, outDir] = process.argv.slice(2);
  if (!checkpointDir || !outDir) throw new Error('usage: resume-preference-child.ts <checkpoint dir> <out dir>');
  const resumeFrom = await loadCheckpoint(new LocalFolderCheckpointStore(checkpointDir));
  const steps: PreferenceStepMetrics[] = [];
  const validations: PreferenceValidationMetrics[] = [];
  const result = await runPreferenceTraining(resumeRunOptions({ validationExamples: reversedHeldOut, resumeFrom }), {
    onStep: (m) => void steps.push(m),
    onValidation: (v) => void validations.push(v),
  });
  await mkdir(outDir, { recursive: true });
  await saveTrainedModel(path.join(outDir, 'adapter'), result.model);
  await writeSafetensorsFile(path.join(outDir, 'last.safetensors'), result.checkpoint().trainer.trainable);
  await writeFile(path.join(outDir, 'steps.json'), JSON.stringify({ status: result.status, delivered: result.delivered, steps, validations }));
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
