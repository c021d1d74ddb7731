import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { runWithLogContext } from '@whetstone/common';
import { contextFromCarrier, otelContext, otelTrace, SpanKind, SpanStatusCode, startSpan, type HttpMetrics, type Span, type TraceContext } from '@whetstone/observability';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's span and its context (tracing on only). */
    span: Span | null;
    traceContext: TraceContext | null;
  }
}

/**
 * Per-request observability, registered first so it wraps everything else:
 * - every log line written while serving the request carries its `reqId` (log context),
 * - the request's latency is recorded by route pattern and status,
 * - with tracing on, a server span (continuing an incoming `traceparent`) is active for the
 *   handler, so work it enqueues carries the trace to the worker.
 * The contexts are entered again after the body is parsed: body stream events run outside them.
 */
export function registerRequestContext(app: FastifyInstance, options: { http: HttpMetrics; tracing: boolean }): void {
  app.decorateRequest('span', null);
  app.decorateRequest('traceContext', null);

  const enter = (request: FastifyRequest, done: HookHandlerDoneFunction) => {
    const run = () => runWithLogContext({ reqId: request.id }, done);
    if (request.traceContext) otelContext.with(request.traceContext, run);
    else run();
  };

  app.addHook('onRequest', (request, _reply, done) => {
    if (options.tracing) {
      const parent = contextFromCarrier(request.headers);
      const route = request.routeOptions.url ?? 'unmatched';
      request.span = startSpan(`${request.method} ${route}`, {
        kind: SpanKind.SERVER,
        parent,
        attributes: { 'http.request.method': request.method, 'http.route': route, 'whetstone.request_id': request.id },
      });
      request.traceContext = otelTrace.setSpan(parent, request.span);
    }
    enter(request, done);
  });
  app.addHook('preValidation', (request, _reply, done) => enter(request, done));

  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    options.http.observe(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    if (request.span) {
      request.span.setAttribute('http.response.status_code', reply.statusCode);
      if (request.organization) request.span.setAttribute('whetstone.organization_id', request.organization.id);
      if (reply.statusCode >= 500) request.span.setStatus({ code: SpanStatusCode.ERROR });
      request.span.end();
    }
    done();
  });
}
