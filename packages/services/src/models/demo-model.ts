import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';
import { writeTinyModelFolder } from '@whetstone/trainer';
import { importModelFolder, type ImportedModel } from './import/import-model-folder';

export const DEMO_MODEL_NAME = 'whetstone/tiny-llama';
const DEMO_MODEL_SEED = 20261129;

/**
 * Registers the project's tiny demo model (a deterministic random-init Llama with the project's
 * own small tokenizer; no npm package ships weights) as a public model, through the same import
 * as any other model. The folder is byte-identical every time, so registering again is a no-op.
 */
export async function registerDemoModel(
  deps: { db: Db; store: ObjectStore },
  options: { organizationId?: string | null; workerClass?: string } = {},
): Promise<ImportedModel> {
  const dir = await mkdtemp(path.join(tmpdir(), 'whetstone-demo-model-'));
  try {
    await writeTinyModelFolder(dir, { seed: DEMO_MODEL_SEED });
    return await importModelFolder(deps, {
      dir,
      name: DEMO_MODEL_NAME,
      organizationId: options.organizationId ?? null,
      displayName: 'Whetstone tiny Llama (random init, demo)',
      license: 'apache-2.0',
      workerClass: options.workerClass,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
