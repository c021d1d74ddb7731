/** Publishes the tiny demo model to object storage and the public catalogue (idempotent). */
import { createLogger } from '@whetstone/common';
import { loadWorkerConfig } from '@whetstone/config';
import { closeWorkerDeps, createWorkerDeps } from '../src/deps';
import { seedDemoModel } from '../src/models/seed-demo-model';

async function main() {
  const config = loadWorkerConfig();
  const deps = createWorkerDeps(config, createLogger({ level: config.LOG_LEVEL, name: 'seed' }));
  try {
    console.log(`base model ready: ${await seedDemoModel(deps)}`);
  } finally {
    await closeWorkerDeps(deps);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
