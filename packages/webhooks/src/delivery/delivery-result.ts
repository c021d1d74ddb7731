import type { UrlRefusalReason } from '../url-safety/check-webhook-url';

export type DeliveryErrorCode =
  | 'refused_by_policy'
  | 'dns_error'
  | 'connection_refused'
  | 'connection_reset'
  | 'timeout'
  | 'tls_error'
  | 'network_error'
  | 'connection_failed'
  | 'redirect_not_followed'
  | 'http_error';

export interface DeliveryError {
  code: DeliveryErrorCode;
  message: string;
  /** Set with `refused_by_policy`: which URL-safety rule refused. */
  refusalReason?: UrlRefusalReason;
  /** For logs only (never shown to the tenant): the precise cause behind `connection_failed`. */
  cause?: string;
}

/** The outcome of one attempt, in the shape the deliveries table records. */
export interface DeliveryResult {
  /** True for a 2xx status: the receiver accepted the event. */
  ok: boolean;
  statusCode?: number;
  error?: DeliveryError;
  latencyMs: number;
  /** From Retry-After on 429 or 503, in seconds; the retry policy caps it. */
  retryAfterSeconds?: number;
  /** The start of the response body (at most maxResponseBytes), decoded as UTF-8. */
  responseSnippet: string;
  /** True when the body was longer than maxResponseBytes, or the deadline cut reading short. */
  responseTruncated: boolean;
  /** The receiver said the endpoint no longer exists: stop sending to it. */
  disableEndpoint?: '410_gone';
}
