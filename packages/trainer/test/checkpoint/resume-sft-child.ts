/**
 * The second half of the supervised resume test, in a process of its own: loads the checkpoint from
 * <checkpoint dir>, trains to the end, writes steps.json, the delivered adapter (adapter/) and the last
 * step's trainable tensors (last.safetensors) to <out dir>.
 *
 *   node node_modules/tsx/dist/cli.mjs packages/trainer/test/checkpoint/resume-sft-child.ts <checkpoint dir> <out dir>
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCheckpoint } from '../../src/checkpoint/load-checkpoint';
import { LocalFolderCheckpointStore } from '../../src/checkpoint/local-folder-store';
import { runSupervisedTraining } from '../../src/loop/run-supervised-training';
import { writeSafetensorsFile } from '../../src/io/safetensors/write-safetensors';
import type { SftStepMetrics, SftValidationMetrics } from '../../src/loop/sft-metrics';
import { saveTrainedModel } from '../../src/loop/trained-model';
import { sftResumeOptions } from './sft-fixture';

async function main(): Promise<void> {
  const [checkpointDir, outDir] = process.argv.slice(2);
  if (!checkpointDir || !outDir) throw new Error('usage: resume-sft-child.ts <checkpoint dir> <out dir>');
  const resumeFrom = await loadCheckpoint(new LocalFolderCheckpointStore(checkpointDir));
  const steps: SftStepMetrics[] = [];
  const validations: SftValidationMetrics[] = [];
  const result = await runSupervisedTraining(sftResumeOptions({ resumeFrom }), {
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
