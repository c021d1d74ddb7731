import { createHash, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';

/** Loopback and private networks: where an operator's Prometheus usually scrapes from. */
export const DEFAULT_METRICS_NETWORKS = '127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7';

type Network = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Who may read /metrics: the operator's token, or a caller inside one of the networks. */
export interface MetricsAccessPolicy {
  token?: string;
  networks: Network[];
}

/** Parses "cidr,cidr,..." ("none" or empty = no network is trusted, the token is required). */
export function parseNetworks(text: string): Network[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s && s !== 'none');
  return items.map((item) => {
    try {
      return ipaddr.parseCIDR(item.includes('/') ? item : `${item}/${ipaddr.parse(item).kind() === 'ipv4' ? 32 : 128}`);
    } catch {
      throw new Error(`'${item}' is not an IP address or CIDR`);
    }
  });
}

export type MetricsAccessDecision = { ok: true } | { ok: false; status: 401 | 403; code: string; message: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * A caller that presents credentials must present the operator's token: a tenant's API key is
 * refused even from a trusted network. A caller without credentials is served only from a
 * trusted network.
 */
export function decideMetricsAccess(policy: MetricsAccessPolicy, caller: { authorization?: string; remoteAddress?: string }): MetricsAccessDecision {
  if (caller.authorization !== undefined) {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(caller.authorization)?.[1];
    if (policy.token && presented && timingSafeEqual(digest(presented), digest(policy.token))) return { ok: true };
    return { ok: false, status: 403, code: 'metrics_forbidden', message: 'Metrics are for the operator; this credential is not the operator token.' };
  }
  if (caller.remoteAddress && inNetworks(caller.remoteAddress, policy.networks)) return { ok: true };
  return { ok: false, status: 401, code: 'missing_operator_token', message: 'Metrics need the operator token (Authorization: Bearer ...) from outside the trusted networks.' };
}

function inNetworks(address: string, networks: Network[]): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address); // ::ffff:10.0.0.1 counts as 10.0.0.1
  } catch {
    return false;
  }
  return networks.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits));
}
