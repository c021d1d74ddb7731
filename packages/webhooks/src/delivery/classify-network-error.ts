import type { DeliveryError } from './delivery-result';

// OpenSSL and Node report TLS failures under many codes; these cover certificate and handshake errors.
const TLS_CODES = new Set([
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** Turns a socket or request error into the stable code recorded with the attempt. */
export function classifyNetworkError(error: unknown): DeliveryError {
  const err = error as NodeJS.ErrnoException;
  const code = err.code ?? '';
  const message = err.message || String(error);
  if (err.name === 'AbortError' || code === 'ABORT_ERR' || code === 'ETIMEDOUT') return { code: 'timeout', message };
  if (code === 'ECONNREFUSED') return { code: 'connection_refused', message };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { code: 'connection_reset', message };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'dns_error', message };
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) return { code: 'tls_error', message };
  return { code: 'network_error', message: code ? `${code}: ${message}` : message };
}
