import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per process (never prom-client's global one, so tests can build several), with
 * Node's process metrics (CPU, memory, event-loop lag, GC) and a `service` label.
 */
export function createMetricsRegistry(service: 'api' | 'worker'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The worker class a queue serves: training-gpu-80gb → gpu-80gb; other queues have none. */
export function workerClassOf(queue: string): string {
  return queue.startsWith('training-') ? queue.slice('training-'.length) : '';
}
