import ipaddr from 'ipaddr.js';

/**
 * Destinations exempt from the private-address rule: for local development, tests and
 * deliberate internal receivers. Hostnames exempt the whole host; CIDRs exempt addresses.
 */
export interface AllowedHosts {
  hostnames: ReadonlySet<string>;
  cidrs: readonly (readonly [ipaddr.IPv4 | ipaddr.IPv6, number])[];
}

export const NO_ALLOWED_HOSTS: AllowedHosts = { hostnames: new Set(), cidrs: [] };

/**
 * Parses WEBHOOK_ALLOWED_HOSTS: comma-separated hostnames, IPs (`127.0.0.1`, `::1`) and CIDRs
 * (`10.0.0.0/8`). Throws on an entry that is none of these, so a typo fails at boot instead of
 * quietly allowing nothing.
 */
export function parseAllowedHosts(value: string | undefined): AllowedHosts {
  const hostnames = new Set<string>();
  const cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (entry === '') continue;
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`Invalid CIDR in allowed webhook hosts: ${raw.trim()}`);
      cidrs.push(ipaddr.parseCIDR(entry));
    } else if (ipaddr.isValid(entry)) {
      const address = ipaddr.parse(entry);
      cidrs.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(entry)) {
      hostnames.add(normalizeHostname(entry));
    } else {
      throw new Error(`Invalid entry in allowed webhook hosts: ${raw.trim()}`);
    }
  }
  return { hostnames, cidrs };
}

/** DNS treats `example.com.` and `example.com` as the same name. */
export function normalizeHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

export function isHostnameAllowed(allowed: AllowedHosts, hostname: string): boolean {
  return allowed.hostnames.has(normalizeHostname(hostname));
}

/** An IPv4-mapped IPv6 address also matches CIDRs written for its IPv4 form, and vice versa. */
export function isAddressAllowed(allowed: AllowedHosts, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  const forms: (ipaddr.IPv4 | ipaddr.IPv6)[] = [address];
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    forms.push((address as ipaddr.IPv6).toIPv4Address());
  }
  return allowed.cidrs.some(([range, bits]) =>
    forms.some((form) => form.kind() === range.kind() && form.match(range, bits)),
  );
}
