import type { ConsumerDefinition } from '../consumers';
import type { WorkerDeps } from '../deps';
import { datasetConsumer } from './datasets';
import { trainingConsumers } from './training';
import { webhookConsumer } from './webhooks';

/** Every queue this worker can consume; WORKER_QUEUES selects a subset (e.g. GPU nodes take only training). */
export function consumerDefinitions(deps: WorkerDeps): ConsumerDefinition[] {
  const all: Record<string, () => ConsumerDefinition[]> = {
    datasets: () => [datasetConsumer(deps)],
    training: () => trainingConsumers(deps),
    webhooks: () => [webhookConsumer(deps)],
  };
  const wanted = deps.config.WORKER_QUEUES === 'all' ? Object.keys(all) : deps.config.WORKER_QUEUES.split(',').map((q) => q.trim());
  const unknown = wanted.filter((q) => !all[q]);
  if (unknown.length) throw new Error(`WORKER_QUEUES names unknown queues: ${unknown.join(', ')} (known: ${Object.keys(all).join(', ')})`);
  return wanted.flatMap((q) => all[q]!());
}
