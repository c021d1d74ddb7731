import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, RETRY_SHORTLY, type ApiErrorBody } from '@whetstone/common';
import { outageOf } from './outage';

const body = (message: string, type: string, code: string | null, param: string | null = null): ApiErrorBody => ({
  error: { message, type, param, code },
});

/** Nothing of the error itself: the request id (also in x-request-id) finds it in the logs. */
const internalMessage = (requestId: string) => `Internal server error. Quote request id ${requestId} to support; the details are in our logs under it.`;

/**
 * The one place errors become responses: AppErrors carry their own status and code; request
 * validation errors name the first bad field; anything else is a 500 that reveals nothing
 * (the log has the detail, keyed by the request id the client sees in x-request-id).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  // Every error body names the request (`error.request_id`, as the x-request-id header does):
  // the id a customer quotes and an operator finds in the logs and traces.
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (reply.statusCode < 400 || !isErrorBody(payload)) return payload;
    return { ...payload, error: { ...payload.error, request_id: request.id } };
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'service error');
      return reply.code(error.status).headers(error.headers).send(error.toBody());
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0];
      const where = error.validationContext ?? 'body';
      const details = issue?.params as { issue?: { path?: unknown[] }; keys?: string[] } | undefined;
      const path = issue?.instancePath?.replace(/^\//, '').replace(/\//g, '.') ?? '';
      const base = path || details?.issue?.path?.join('.') || '';
      // A field we do not know (or an OpenAI field we do not support) is named in param, as OpenAI does.
      const unknownKey = issue?.schemaPath?.endsWith('/unrecognized_keys') ? details?.keys?.[0] : undefined;
      if (unknownKey) {
        const param = [base, unknownKey].filter(Boolean).join('.');
        return reply.code(400).send(body(`Unrecognized request argument supplied: ${param}`, 'invalid_request_error', 'unknown_parameter', param));
      }
      const param = base || null;
      const message = `Invalid ${where}${param ? ` parameter '${param}'` : ''}: ${issue?.message ?? 'invalid value'}`;
      return reply.code(400).send(body(message, 'invalid_request_error', 'invalid_value', param));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause }, 'response did not match its schema');
      return reply.code(500).send(body(internalMessage(request.id), 'server_error', 'internal_error'));
    }
    if ((error as { code?: unknown }).code === 'P2028') {
      // Prisma could not get a pool connection for a transaction in time: a burst beyond the
      // pool (seen in bench:load), busy rather than broken, so the client should retry.
      request.log.warn({ err: error }, 'database pool busy');
      return reply.code(503).headers(RETRY_SHORTLY).send(body('The service is busy; retry shortly.', 'server_error', 'database_busy'));
    }
    const outage = outageOf(error);
    if (outage) {
      // A dependency is down for a moment (a restart, a failover): say which, and that a retry may work.
      request.log.warn({ err: error, outage }, 'dependency unavailable');
      const what = { database: 'The database', queue: 'The job queue', storage: 'Object storage' }[outage];
      return reply.code(503).headers(RETRY_SHORTLY).send(body(`${what} is unavailable right now; retry shortly.`, 'server_error', `${outage}_unavailable`));
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send(body(internalMessage(request.id), 'server_error', 'internal_error'));
    }
    // Fastify's own 4xx (bad JSON, unsupported media type, body too large...).
    const code = status === 413 ? 'payload_too_large' : (error.code?.toLowerCase() ?? 'invalid_request');
    return reply.code(status).send(body(error.message, 'invalid_request_error', code));
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send(body(`Unknown route: ${request.method} ${request.url.split('?')[0]}`, 'invalid_request_error', 'unknown_route'));
  });
}

function isErrorBody(payload: unknown): payload is ApiErrorBody {
  return typeof payload === 'object' && payload !== null && 'error' in payload && typeof (payload as ApiErrorBody).error === 'object' && (payload as ApiErrorBody).error !== null;
}
