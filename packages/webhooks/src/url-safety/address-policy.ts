import ipaddr from 'ipaddr.js';

/**
 * Why an address may not receive webhooks, or null when it is public. Deny by default: only
 * ipaddr.js's 'unicast' range passes, so private, loopback, link-local, unique-local,
 * multicast, unspecified, broadcast, carrier-grade NAT, reserved, documentation, NAT64, 6to4
 * and Teredo addresses (the last three can tunnel to IPv4 destinations) are all refused.
 */
export function forbiddenAddressRange(address: ipaddr.IPv4 | ipaddr.IPv6): string | null {
  if (address.kind() === 'ipv4') {
    const range = (address as ipaddr.IPv4).range();
    return range === 'unicast' ? null : range;
  }
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) {
    // ::ffff:127.0.0.1 reaches 127.0.0.1 through a dual-stack socket: judge the IPv4 inside.
    const inner = forbiddenAddressRange(v6.toIPv4Address());
    return inner === null ? null : `ipv4Mapped ${inner}`;
  }
  const range = v6.range();
  if (range !== 'unicast') return range;
  // ipaddr.js calls all unlisted space 'unicast', including the deprecated IPv4-compatible
  // ::a.b.c.d block; only 2000::/3 is allocated as global unicast.
  return v6.match(GLOBAL_UNICAST_V6, 3) ? null : 'notGlobalUnicast';
}

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parse('2000::');
