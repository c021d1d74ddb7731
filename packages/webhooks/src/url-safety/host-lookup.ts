import { promises as dns } from 'node:dns';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address; injectable so tests can simulate DNS answers. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo), which also honours /etc/hosts as the OS would. */
export const systemHostLookup: HostLookup = async (hostname) => {
  const results = await dns.lookup(hostname, { all: true });
  return results.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};
