import { createLogger } from '@whetstone/common';
import { ConfigError, loadWorkerConfig } from '@whetstone/config';
import { startConfiguredMetricsServer, startTracing } from '@whetstone/observability';
import { QUEUES } from '@whetstone/queue';
import { backfillTrainingShapes, reencryptWebhookSecrets } from '@whetstone/services';
import { startConsumers } from './consumers';
import { closeWorkerDeps, createWorkerDeps } from './deps';
import { consumerDefinitions } from './processors';
import { clearReady, markReady } from './readiness';
import { startOutboxRelay } from './outbox-relay';
import { startJobReconciler } from './job-reconciler';
import { startFileSweep } from './file-sweep';
import { startFileExpirySweeper } from './file-expiry-sweeper';

/** Entry point: consume the configured queues until SIGTERM/SIGINT, then drain and exit. */
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'worker' });
  const tracing = startTracing({ serviceName: config.OTEL_SERVICE_NAME ?? 'whetstone-worker', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const draining = new AbortController();
  const deps = createWorkerDeps(config, logger, draining.signal);
  // Operator-only /metrics (the worker serves no other HTTP); off unless METRICS_PORT is set.
  const metrics = await startConfiguredMetricsServer(deps.metrics.registry, config);
  const definitions = consumerDefinitions(deps);
  const consumers = startConsumers({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, logger, definitions, metrics: deps.metrics.queueJobs });
  await consumers.ready;
  // The outbox relay feeds the webhooks queue, so it runs wherever that queue is consumed.
  const relay = definitions.some((d) => d.queue === QUEUES.webhooks) ? startOutboxRelay(deps) : null;
  if (relay) {
    // Encrypts secrets stored before encryption, and moves others onto the first key after a rotation.
    reencryptWebhookSecrets(deps.db, config.WEBHOOK_SECRET_KEYS).then(
      (result) =>
        result.unreadable > 0
          ? logger.warn({ ...result, activeKey: config.WEBHOOK_SECRET_KEYS.activeKeyId }, 'webhook secrets no configured key opens were left as they are (their deliveries fail)')
          : logger.info({ ...result, activeKey: config.WEBHOOK_SECRET_KEYS.activeKeyId }, 'webhook secrets on the active key'),
      (err: unknown) => logger.error({ err }, 'webhook secret re-encryption failed; run npm run secrets -- reencrypt'),
    );
  }
  const trains = definitions.some((d) => d.queue.startsWith('training-'));
  if (trains) {
    // Catalogue entries imported before shapes were recorded get theirs, so their jobs are placed by memory.
    backfillTrainingShapes(deps).then(
      (result) => (result.filled > 0 || result.unreadable.length > 0) && logger.info(result, 'training shapes recorded for older catalogue entries'),
      (err: unknown) => logger.error({ err }, 'training shape backfill failed'),
    );
  }
  const reconciler = trains ? startJobReconciler({ ...deps, planning: { prices: config.PRICE_TABLE, throughput: config.TRAINING_THROUGHPUT, workerMemoryGb: config.WORKER_CLASS_MEMORY_GB } }, config.WORKER_RECONCILE_INTERVAL_MS) : null;
  // Files whose validation job never got queued (or got lost) are queued again where validation runs.
  const fileSweep = definitions.some((d) => d.queue === QUEUES.datasets) ? startFileSweep(deps, config.WORKER_FILE_SWEEP_INTERVAL_MS) : null;
  // Expired files are swept wherever uploads are validated (every deployment consumes datasets).
  const sweeper = definitions.some((d) => d.queue === QUEUES.datasets) ? startFileExpirySweeper(deps, config.WORKER_FILE_EXPIRY_INTERVAL_MS) : null;
  const queues = definitions.map((d) => `${d.queue}×${d.concurrency}`);
  markReady(config.WORKER_READY_FILE, { queues, pid: process.pid });
  logger.info({ queues, workerClasses: config.WORKER_CLASSES, metrics: metrics ? `${metrics.url}/metrics` : null, tracing: tracing.enabled }, 'worker ready');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining: taking no new jobs; trainings checkpoint and hand their jobs back, other jobs finish');
    clearReady(config.WORKER_READY_FILE);
    draining.abort(signal);
    // Take no new job from now on: a training handed back is dispatched again at once, and this
    // worker must not fetch it back while the loops below wind down.
    const consumersClosed = consumers.close();
    await relay?.stop();
    await reconciler?.stop();
    await fileSweep?.stop();
    await sweeper?.stop();
    await consumersClosed;
    await metrics?.close();
    await closeWorkerDeps(deps);
    await tracing.shutdown();
    logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  console.error(err);
  process.exit(1);
});
