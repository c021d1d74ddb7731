/** An API error, carrying the OpenAI-style body's fields: `code` is stable, `message` is for people. */
export class WhetstoneApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    readonly type: string | null = null,
    readonly param: string | null = null,
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'WhetstoneApiError';
  }

  static fromBody(status: number, body: unknown, requestId: string | null = null): WhetstoneApiError {
    const error = (body as { error?: { message?: string; code?: string | null; type?: string; param?: string | null } } | undefined)?.error;
    if (error?.message) return new WhetstoneApiError(status, error.code ?? null, error.message, error.type ?? null, error.param ?? null, requestId);
    return new WhetstoneApiError(status, null, `HTTP ${status}`, null, null, requestId);
  }
}

/** openapi-fetch results either carry `data` or `error`; this returns the data or throws the error. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw WhetstoneApiError.fromBody(result.response.status, result.error, result.response.headers.get('x-request-id'));
  }
  return result.data as T;
}
