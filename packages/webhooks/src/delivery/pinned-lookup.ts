import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from '../url-safety/host-lookup';

/**
 * A socket `lookup` that answers only with addresses already vetted by checkWebhookUrl. Without
 * it, Node would resolve the hostname again when connecting, and a DNS server that answers a
 * public address to the check and 127.0.0.1 to the connection (DNS rebinding) would get our
 * request into the internal network. TLS still verifies the certificate against the hostname.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family || 0;
    const candidates = family === 0 ? addresses : addresses.filter((a) => a.family === family);
    const first = candidates[0];
    if (!first) {
      const error: NodeJS.ErrnoException = new Error(`No vetted IPv${family} address for ${hostname}`);
      error.code = 'ENOTFOUND';
      callback(error, '');
      return;
    }
    if (options.all) {
      callback(null, candidates.map((a) => ({ address: a.address, family: a.family })));
    } else {
      callback(null, first.address, first.family);
    }
  };
}
