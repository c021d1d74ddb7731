import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

/** W3C trace context as it travels in a queue payload or a database row. */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/** The active span's trace context, or undefined when tracing is off or no span is active. */
export function currentTraceCarrier(): TraceCarrier | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (!carrier.traceparent) return undefined;
  return carrier.tracestate ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate } : { traceparent: carrier.traceparent };
}

/** The context a carrier (or incoming HTTP headers) describes; the root context when absent. */
export function contextFromCarrier(carrier: Record<string, unknown> | undefined | null): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

const tracer = () => trace.getTracer('whetstone');

/**
 * Runs `fn` inside a new span (child of `parent`, else of the active span), ending it when
 * `fn` settles and marking it failed when `fn` throws.
 */
export async function withSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Starts a span without making it active (the API's request span, ended in a later hook). */
export function startSpan(name: string, options: { kind?: SpanKind; attributes?: Attributes; parent: Context }): Span {
  return tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, options.parent);
}

export { context as otelContext, SpanKind, SpanStatusCode, trace as otelTrace };
export type { Context as TraceContext, Span };
