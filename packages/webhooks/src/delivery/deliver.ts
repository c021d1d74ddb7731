import { performance } from 'node:perf_hooks';
import { NO_ALLOWED_HOSTS, type AllowedHosts } from '../url-safety/allowed-hosts';
import { checkWebhookUrl } from '../url-safety/check-webhook-url';
import type { HostLookup } from '../url-safety/host-lookup';
import { classifyNetworkError } from './classify-network-error';
import type { DeliveryError, DeliveryResult } from './delivery-result';
import { parseRetryAfter } from './retry-after';
import { sendPinnedRequest } from './send-pinned-request';

export const DEFAULT_DELIVERY_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
export const DEFAULT_USER_AGENT = 'Whetstone-Webhooks/1.0';

export interface DeliverInput {
  url: string;
  /** Usually the signature headers from signPayload. */
  headers: Record<string, string>;
  body: string | Buffer;
  /** Total budget for DNS, connect, TLS, request and response. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  allowHttp?: boolean;
  allowedHosts?: AllowedHosts;
  userAgent?: string;
  /** Resolver for the send-time check; the system resolver unless a test simulates DNS. */
  lookup?: HostLookup;
  /**
   * Report every failure to get an HTTP response (refused, reset, timed out) as one
   * `connection_failed`, at the deadline: otherwise a tenant could tell a closed port (refused at
   * once) from a filtered one (timed out) and use our servers as a port scanner. The worker sets it.
   */
  uniformConnectionFailures?: boolean;
}

/** Failures before any HTTP response whose kind (or timing) would tell a closed port from a filtered one. */
const PORT_REVEALING = new Set(['connection_refused', 'connection_reset', 'timeout', 'network_error']);

// Set by us last; a caller's copy (in any letter case) must not override or duplicate them.
const RESERVED_HEADERS = new Set(['host', 'content-type', 'content-length', 'user-agent', 'transfer-encoding', 'connection']);

/**
 * Sends one webhook attempt. Re-checks the URL against the SSRF rules and connects only to the
 * addresses that check vetted. Never throws for network or HTTP failures: every outcome comes
 * back as a DeliveryResult for the caller to record and feed to the retry policy.
 */
export async function deliver(input: DeliverInput): Promise<DeliveryResult> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const started = performance.now();
  const latencyMs = (): number => Math.round(performance.now() - started);
  const failed = (error: DeliveryError): DeliveryResult => ({
    ok: false,
    error,
    latencyMs: latencyMs(),
    responseSnippet: '',
    responseTruncated: false,
  });

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const timedOut = (): DeliveryResult => failed({ code: 'timeout', message: `No response within ${timeoutMs} ms` });
  try {
    let check;
    try {
      check = await untilAborted(
        checkWebhookUrl(input.url, { allowHttp: input.allowHttp, allowedHosts: input.allowedHosts ?? NO_ALLOWED_HOSTS, lookup: input.lookup }),
        deadline.signal,
      );
    } catch (error) {
      return failed(classifyNetworkError(error));
    }
    if (check === ABORTED) return timedOut();
    if (!check.ok) {
      return check.reason === 'dns_lookup_failed'
        ? failed({ code: 'dns_error', message: check.message })
        : failed({ code: 'refused_by_policy', message: check.message, refusalReason: check.reason });
    }

    const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
    let response;
    try {
      response = await sendPinnedRequest({
        url: check.url,
        hostname: check.hostname,
        addresses: check.addresses,
        headers: requestHeaders(input.headers, body.length, input.userAgent ?? DEFAULT_USER_AGENT),
        body,
        signal: deadline.signal,
        maxResponseBytes: input.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      });
    } catch (error) {
      const classified = deadline.signal.aborted ? timedOut().error! : classifyNetworkError(error);
      if (!input.uniformConnectionFailures || !PORT_REVEALING.has(classified.code)) return failed(classified);
      await untilAborted(new Promise<never>(() => {}), deadline.signal);
      return failed({ code: 'connection_failed', message: `No HTTP response within ${timeoutMs} ms (the connection was refused, reset or timed out)`, cause: `${classified.code}: ${classified.message}` });
    }

    const status = response.statusCode;
    const result: DeliveryResult = {
      ok: status >= 200 && status < 300,
      statusCode: status,
      latencyMs: latencyMs(),
      responseSnippet: response.body.toString('utf8'),
      responseTruncated: response.truncated,
    };
    if (status >= 300 && status < 400) {
      const location = response.headers.location ?? '(no Location header)';
      result.error = { code: 'redirect_not_followed', message: `HTTP ${status} redirect to ${location}; redirects are not followed` };
    } else if (!result.ok) {
      result.error = { code: 'http_error', message: `HTTP ${status}` };
    }
    if (status === 410) result.disableEndpoint = '410_gone';
    if (status === 429 || status === 503) {
      const retryAfterSeconds = parseRetryAfter(firstValue(response.headers['retry-after']), new Date());
      if (retryAfterSeconds !== undefined) result.retryAfterSeconds = retryAfterSeconds;
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

function requestHeaders(callerHeaders: Record<string, string>, contentLength: number, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(callerHeaders)) {
    const lower = name.toLowerCase();
    if (!RESERVED_HEADERS.has(lower)) headers[lower] = value;
  }
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(contentLength);
  headers['user-agent'] = userAgent;
  return headers;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const ABORTED = Symbol('aborted');

/** DNS lookups cannot be cancelled, so the deadline races them instead. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
