import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';

export interface Tracing {
  /** False when neither an OTLP endpoint nor an exporter was given: OpenTelemetry's no-op API stays in place. */
  enabled: boolean;
  /** Flushes pending spans and removes the global tracer, context manager and propagator. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP base URL (spans go to <url>/v1/traces). */
  otlpEndpoint?: string;
  /** An exporter to use instead (tests use an in-memory one); spans are exported as they end. */
  exporter?: SpanExporter;
}

/**
 * Turns tracing on for this process when configured, and does nothing otherwise: without a
 * provider OpenTelemetry's API hands out non-recording spans, no trace context is propagated
 * (queue payloads carry none) and nothing is sent anywhere.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (!options.exporter && !options.otlpEndpoint) return { enabled: false, shutdown: async () => undefined };
  const processor = options.exporter
    ? new SimpleSpanProcessor({ exporter: options.exporter })
    : new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${options.otlpEndpoint!.replace(/\/$/, '')}/v1/traces` }) });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    enabled: true,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
