import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ConflictError, ServiceUnavailableError, ValidationError } from '@whetstone/common';
import type { Redis } from '@whetstone/queue';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request claimed an Idempotency-Key: where its response is recorded. */
    idempotency: { redisKey: string; fingerprint: string } | null;
  }
}

interface Recorded {
  state: 'pending' | 'done';
  fingerprint: string;
  status?: number;
  contentType?: string;
  body?: string;
}

/** A retry that reuses a key with a different request (Stripe answers the same way). */
class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super(422, 'invalid_request_error', 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request (method, path or body).', 'Idempotency-Key');
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// How long a request may hold its key before a retry may run it again (a crashed replica's claim).
const PENDING_SECONDS = 60;

/**
 * Stripe-style `Idempotency-Key` on every tenant POST: the first request with a key runs and its
 * response (status and body) is kept for `ttlSeconds`; a retry with the same key and the same
 * request gets that response back (`idempotent-replayed: true`) and changes nothing; the same key
 * with a different method, path or body is a 422; a retry while the first is still running is a
 * 409. Keys are per organization and recorded in Redis, so every API replica honours them.
 * 5xx and 429 answers are not kept, so retrying those runs the request again. Multipart uploads
 * are fingerprinted by method and path only (their body is streamed, not held).
 */
export function registerIdempotency(scope: FastifyInstance, redis: Redis, prefix: string, ttlSeconds: number): void {
  scope.decorateRequest('idempotency', null);

  scope.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
      throw new ValidationError('Idempotency-Key must be one header of 1 to 255 characters.', 'Idempotency-Key', 'invalid_idempotency_key');
    }
    const fingerprint = sha256(`${request.method} ${request.url}\n${request.body === undefined ? '' : JSON.stringify(request.body)}`);
    const redisKey = `${prefix}:idempotency:${request.organization.id}:${sha256(key)}`;
    const pending: Recorded = { state: 'pending', fingerprint };
    let claimed: string | null;
    let recorded: string | null = null;
    try {
      claimed = await redis.set(redisKey, JSON.stringify(pending), 'EX', PENDING_SECONDS, 'NX');
      if (!claimed) recorded = await redis.get(redisKey);
    } catch {
      // Without Redis the promise cannot be kept; refusing is safer than creating twice.
      throw new ServiceUnavailableError('Idempotency keys are unavailable right now; retry shortly.', 'idempotency_unavailable');
    }
    if (claimed) {
      request.idempotency = { redisKey, fingerprint };
      return;
    }
    const previous = recorded ? (JSON.parse(recorded) as Recorded) : null;
    if (!previous || previous.state === 'pending') {
      if (previous && previous.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      throw new ConflictError('A request with this Idempotency-Key is still being processed; retry shortly.', 'idempotency_request_in_progress', 'Idempotency-Key', { retryable: true });
    }
    if (previous.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    return reply
      .code(previous.status!)
      .header('content-type', previous.contentType ?? 'application/json; charset=utf-8')
      .header('idempotent-replayed', 'true')
      .send(previous.body);
  });

  scope.addHook('onSend', async (request: FastifyRequest, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    const status = reply.statusCode;
    if (status >= 500 || status === 429 || typeof payload !== 'string') {
      await redis.del(claim.redisKey).catch(() => undefined);
      return payload;
    }
    const done: Recorded = { state: 'done', fingerprint: claim.fingerprint, status, contentType: String(reply.getHeader('content-type') ?? ''), body: payload };
    await redis.set(claim.redisKey, JSON.stringify(done), 'EX', ttlSeconds).catch((err) => request.log.error({ err }, 'could not record an idempotent response'));
    return payload;
  });
}
