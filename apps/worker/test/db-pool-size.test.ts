import { loadWorkerConfig } from '@whetstone/config';
import { workerDbPoolSize } from '../src/deps';

describe('the worker sizes its Postgres pool to what it runs at once', () => {
  it('covers every dataset and webhook job in flight, three connections per training job, and the background loops', () => {
    const config = loadWorkerConfig({ WORKER_CONCURRENCY_WEBHOOKS: '16', WORKER_CONCURRENCY_DATASETS: '2', WORKER_CONCURRENCY_TRAINING: '1', WORKER_CLASSES: 'default,gpu' });
    expect(workerDbPoolSize(config)).toBe(16 + 2 + 3 * 2 + 4);
    // The old fixed pool of 10 was smaller than the webhook consumer alone.
    expect(workerDbPoolSize(config)).toBeGreaterThan(config.WORKER_CONCURRENCY_WEBHOOKS);
  });

  it('takes DATABASE_POOL_SIZE when set', () => {
    expect(workerDbPoolSize(loadWorkerConfig({ DATABASE_POOL_SIZE: '7' }))).toBe(7);
  });
});
