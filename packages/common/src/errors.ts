/**
 * The error hierarchy every service throws. The API's one error handler maps these to the
 * OpenAI-style body {error:{message,type,param,code}} with the status they carry.
 * `type` follows OpenAI's vocabulary (invalid_request_error, authentication_error, ...).
 */
export interface ApiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  toBody(): ApiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export class ValidationError extends AppError {
  constructor(message: string, param: string | null = null, code = 'invalid_value') {
    super(400, 'invalid_request_error', code, message, param);
  }
}

export class AuthenticationError extends AppError {
  constructor(message: string, code = 'invalid_api_key') {
    super(401, 'authentication_error', code, message);
  }
}

export class PermissionError extends AppError {
  constructor(message: string, code = 'permission_denied') {
    super(403, 'permission_error', code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(resource: string, id: string, param: string | null = null) {
    super(404, 'invalid_request_error', 'not_found', `No ${resource} found with id '${id}'.`, param);
  }
}

/**
 * Header OpenAI's SDKs honour: `false` stops their automatic retries. SDKs retry every 409 and
 * 429 by default, so answers that a retry cannot change (a state conflict, a full quota) say so.
 */
export const NO_RETRY = { 'x-should-retry': 'false' } as const;

/**
 * A state conflict (409). Most will not change on retry (cancelling a finished job), so they
 * carry `x-should-retry: false`; pass `retryable` for the few that clear up by themselves.
 */
export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict', param: string | null = null, options: { retryable?: boolean } = {}) {
    super(409, 'invalid_request_error', code, message, param, options.retryable ? {} : { ...NO_RETRY });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, 'invalid_request_error', 'payload_too_large', message);
  }
}

export class RateLimitError extends AppError {
  constructor(message: string, retryAfterSeconds: number, code = 'rate_limit_exceeded') {
    super(429, 'rate_limit_error', code, message, null, { 'retry-after': String(retryAfterSeconds) });
  }
}

/** A quota (concurrent jobs, monthly tokens, storage) would be exceeded; the code names which. */
export class QuotaError extends AppError {
  constructor(quota: string, message: string) {
    // A quota frees up only when jobs finish or usage resets: retrying at once cannot succeed.
    super(429, 'quota_exceeded_error', `quota_exceeded:${quota}`, message, null, { ...NO_RETRY });
  }
}

/** A dependency is down for a moment: the same request may succeed shortly, and clients are told so. */
export const RETRY_SHORTLY = { 'x-should-retry': 'true', 'retry-after': '1' } as const;

export class ServiceUnavailableError extends AppError {
  constructor(message: string, code = 'service_unavailable') {
    super(503, 'server_error', code, message, null, { ...RETRY_SHORTLY });
  }
}
