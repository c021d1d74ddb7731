import closeWithGrace from 'close-with-grace';
import { createLogger } from '@whetstone/common';
import { loadApiConfig, ConfigError } from '@whetstone/config';
import { startConfiguredMetricsServer, startTracing } from '@whetstone/observability';
import { buildApp } from './app';
import { closeDeps, createDeps } from './deps';

/** Entry point: parse config once, build the app, listen, and shut down in order on a signal. */
async function main(): Promise<void> {
  const config = loadApiConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'api' });
  const tracing = startTracing({ serviceName: config.OTEL_SERVICE_NAME ?? 'whetstone-api', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const deps = createDeps(config, logger, { tracing: tracing.enabled });
  const app = await buildApp(deps);
  // The operator's /metrics listener: its own port, never the tenant API's (see README "Observability").
  const metrics = await startConfiguredMetricsServer(deps.metrics.registry, config, config.ADMIN_TOKEN);

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down');
    await app.close(); // stops accepting, lets in-flight requests finish
    await metrics?.close();
    await closeDeps(deps);
    await tracing.shutdown(); // flushes the last spans
  });

  const address = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ address, docs: `${address}/docs`, metrics: metrics ? `${metrics.url}/metrics` : null, tracing: tracing.enabled }, 'api listening');
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78); // EX_CONFIG
  }
  console.error(err);
  process.exit(1);
});
