import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '@whetstone/db';
import { estimateResources, llamaParameterCount, upsertBaseModel, type ModelConfigJson } from '@whetstone/services';
import { objectKeys, type ObjectStore } from '@whetstone/storage';
import { writeTinyModelFolder } from '@whetstone/trainer';

export const DEMO_MODEL_NAME = 'whetstone/tiny-llama';
const DEMO_MODEL_SEED = 20261129;

/**
 * Publishes the project's tiny demo model (a deterministic random-init Llama with the project's
 * own small tokenizer) to object storage and the public catalogue. No model is downloaded:
 * no npm package ships weights. Idempotent: an existing folder is left as it is.
 */
export async function seedDemoModel(deps: { db: Db; store: ObjectStore }): Promise<string> {
  const prefix = objectKeys.publicModel('whetstone-tiny-llama');
  const existing = await deps.store.list(prefix);
  let config: ModelConfigJson;
  if (existing.some((o) => o.key.endsWith('config.json'))) {
    config = JSON.parse((await deps.store.getBytes(`${prefix}config.json`))!.toString('utf8'));
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'whetstone-demo-model-'));
    try {
      await writeTinyModelFolder(dir, { seed: DEMO_MODEL_SEED });
      config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
      await deps.store.putFolder(prefix, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const parameterCount = llamaParameterCount(config);
  await upsertBaseModel(deps.db, {
    name: DEMO_MODEL_NAME,
    organizationId: null,
    architecture: config.architectures?.[0] ?? 'LlamaForCausalLM',
    parameterCount,
    contextLength: config.max_position_embeddings,
    storagePrefix: prefix,
    resources: estimateResources(parameterCount),
  });
  return DEMO_MODEL_NAME;
}
