/** Node's codes for a store that cannot be reached or dropped the connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);
const NETWORK_MESSAGE = /\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)\b|socket hang up/;

/**
 * Object storage could not be reached (or answered 5xx): a transient outage, not a bad request.
 * The API answers it with 503 `storage_unavailable`; workers retry like any transient error.
 */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super('Object storage is unavailable', { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** True for failures of the store itself (unreachable, timed out, 5xx), not for answers such as 404 or 403. */
export function isStorageOutage(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number }; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return true;
  // The SDK wraps what is not an Error of its own realm ("AWS SDK error wrapper for Error: connect
  // ECONNREFUSED ..."), keeping only the message.
  if (typeof e.message === 'string' && NETWORK_MESSAGE.test(e.message)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && status >= 500) return true;
  return e.cause !== undefined && e.cause !== err && isStorageOutage(e.cause);
}
