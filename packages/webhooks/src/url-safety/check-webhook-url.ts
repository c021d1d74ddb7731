import ipaddr from 'ipaddr.js';
import { forbiddenAddressRange } from './address-policy';
import { isAddressAllowed, isHostnameAllowed, NO_ALLOWED_HOSTS, type AllowedHosts } from './allowed-hosts';
import { systemHostLookup, type HostLookup, type ResolvedAddress } from './host-lookup';

export type UrlRefusalReason =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'http_not_allowed'
  | 'credentials_in_url'
  | 'dns_lookup_failed'
  | 'forbidden_address';

export type UrlCheckResult =
  | {
      ok: true;
      url: URL;
      /** The host without IPv6 brackets, as a socket or resolver takes it. */
      hostname: string;
      /** The vetted addresses; delivery connects only to these. */
      addresses: ResolvedAddress[];
    }
  | { ok: false; reason: UrlRefusalReason; message: string };

export interface CheckWebhookUrlOptions {
  /** WEBHOOK_ALLOW_HTTP: plain http is refused unless set (local development and tests). */
  allowHttp?: boolean;
  allowedHosts?: AllowedHosts;
  lookup?: HostLookup;
}

/**
 * Decides whether our servers may send a webhook to `rawUrl`. Run at registration for a clear
 * error to the customer, and again at every send, because DNS answers change.
 */
export async function checkWebhookUrl(rawUrl: string, options: CheckWebhookUrlOptions = {}): Promise<UrlCheckResult> {
  const allowed = options.allowedHosts ?? NO_ALLOWED_HOSTS;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse('invalid_url', 'Webhook URL is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse('unsupported_scheme', `Webhook URL must use https, not ${url.protocol.slice(0, -1)}`);
  }
  if (url.protocol === 'http:' && !options.allowHttp) {
    return refuse('http_not_allowed', 'Webhook URL must use https');
  }
  if (url.username !== '' || url.password !== '') {
    return refuse('credentials_in_url', 'Webhook URL must not contain a username or password');
  }

  // The WHATWG parser has already normalised IP literals (0x7f.1 becomes 127.0.0.1).
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const hostAllowed = isHostnameAllowed(allowed, hostname);

  let addresses: ResolvedAddress[];
  if (ipaddr.isValid(hostname)) {
    const parsed = ipaddr.parse(hostname);
    addresses = [{ address: parsed.toString(), family: parsed.kind() === 'ipv4' ? 4 : 6 }];
  } else {
    try {
      addresses = await (options.lookup ?? systemHostLookup)(hostname);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      return refuse('dns_lookup_failed', `Could not resolve ${hostname} (${code})`);
    }
    if (addresses.length === 0) return refuse('dns_lookup_failed', `${hostname} has no addresses`);
  }

  if (!hostAllowed) {
    // Any one bad address is enough to refuse: the connection could land on any of them.
    for (const { address } of addresses) {
      if (!ipaddr.isValid(address)) return refuse('dns_lookup_failed', `${hostname} resolved to an invalid address`);
      const parsed = ipaddr.parse(address);
      const range = forbiddenAddressRange(parsed);
      if (range !== null && !isAddressAllowed(allowed, parsed)) {
        return refuse('forbidden_address', `${hostname} resolves to ${address}, a ${range} address`);
      }
    }
  }
  return { ok: true, url, hostname, addresses };
}

function refuse(reason: UrlRefusalReason, message: string): UrlCheckResult {
  return { ok: false, reason, message };
}
