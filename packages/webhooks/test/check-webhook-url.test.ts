import { checkWebhookUrl, parseAllowedHosts, type HostLookup, type UrlRefusalReason } from '../src';

/** Simulated DNS: a fixed answer per hostname, as a resolver under an attacker's control could give. */
function fakeDns(answers: Record<string, string[]>): HostLookup {
  return async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function refusal(url: string, options: Parameters<typeof checkWebhookUrl>[1] = {}): Promise<UrlRefusalReason | 'ok'> {
  const result = await checkWebhookUrl(url, options);
  return result.ok ? 'ok' : result.reason;
}

describe('checkWebhookUrl: scheme and form', () => {
  test('https to a public address is accepted, with the vetted addresses returned', async () => {
    const result = await checkWebhookUrl('https://hooks.example.com/whetstone', { lookup: fakeDns({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'] }) });
    expect(result).toMatchObject({ ok: true, hostname: 'hooks.example.com' });
    expect(result.ok && result.addresses.map((a) => a.address)).toEqual(['93.184.216.34', '2606:2800:220:1::1']);
  });

  test('plain http is refused unless allowHttp', async () => {
    const lookup = fakeDns({ 'hooks.example.com': ['93.184.216.34'] });
    expect(await refusal('http://hooks.example.com/', { lookup })).toBe('http_not_allowed');
    expect(await refusal('http://hooks.example.com/', { lookup, allowHttp: true })).toBe('ok');
  });

  test('other schemes, relative and unparseable URLs are refused', async () => {
    expect(await refusal('ftp://hooks.example.com/', { allowHttp: true })).toBe('unsupported_scheme');
    expect(await refusal('file:///etc/passwd', { allowHttp: true })).toBe('unsupported_scheme');
    expect(await refusal('/relative')).toBe('invalid_url');
    expect(await refusal('https://')).toBe('invalid_url');
  });

  test('credentials in the URL are refused', async () => {
    const lookup = fakeDns({ 'hooks.example.com': ['93.184.216.34'] });
    expect(await refusal('https://user:pass@hooks.example.com/', { lookup })).toBe('credentials_in_url');
    expect(await refusal('https://user@hooks.example.com/', { lookup })).toBe('credentials_in_url');
  });

  test('an unresolvable host is refused as dns_lookup_failed', async () => {
    expect(await refusal('https://nowhere.example/', { lookup: fakeDns({}) })).toBe('dns_lookup_failed');
  });
});

describe('checkWebhookUrl: private and special addresses (SSRF)', () => {
  test.each([
    ['loopback', 'https://127.0.0.1/'],
    ['loopback elsewhere in 127/8', 'https://127.10.0.5:8443/'],
    ['loopback in hex shorthand, normalised by the URL parser', 'https://0x7f.1/'],
    ['loopback as one decimal number', 'https://2130706433/'],
    ['private 10/8', 'https://10.1.2.3/'],
    ['private 172.16/12', 'https://172.20.0.1/'],
    ['private 192.168/16', 'https://192.168.1.1/'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest/meta-data/'],
    ['carrier-grade NAT', 'https://100.64.0.1/'],
    ['unspecified', 'https://0.0.0.0/'],
    ['multicast', 'https://224.0.0.1/'],
    ['broadcast', 'https://255.255.255.255/'],
    ['documentation range', 'https://192.0.2.10/'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['IPv6 unspecified', 'https://[::]/'],
    ['IPv6 link-local', 'https://[fe80::1]/'],
    ['IPv6 unique-local', 'https://[fd00::1]/'],
    ['IPv6 multicast', 'https://[ff02::1]/'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 private', 'https://[::ffff:10.0.0.1]/'],
    ['IPv4-compatible (deprecated) loopback', 'https://[::127.0.0.1]/'],
    ['NAT64 prefix embedding a private address', 'https://[64:ff9b::a00:1]/'],
    ['6to4 tunnel to a private address', 'https://[2002:a00:1::1]/'],
  ])('refuses a literal address: %s', async (_name, url) => {
    const lookup: HostLookup = async () => {
      throw new Error('literal IP hosts must not be resolved');
    };
    expect(await refusal(url, { lookup })).toBe('forbidden_address');
  });

  test('accepts public literal IPv4 and IPv6 addresses, including an IPv4-mapped public one', async () => {
    expect(await refusal('https://93.184.216.34/')).toBe('ok');
    expect(await refusal('https://[2606:4700:4700::1111]/')).toBe('ok');
    expect(await refusal('https://[::ffff:93.184.216.34]/')).toBe('ok');
  });

  test('refuses a hostname if ANY of its addresses is private', async () => {
    const lookup = fakeDns({ 'mixed.example': ['93.184.216.34', '10.0.0.7'] });
    const result = await checkWebhookUrl('https://mixed.example/', { lookup });
    expect(result).toMatchObject({ ok: false, reason: 'forbidden_address' });
    expect(!result.ok && result.message).toMatch(/10\.0\.0\.7.*private/);
  });

  test('refuses localhost, which really resolves to loopback through the system resolver', async () => {
    expect(await refusal('http://localhost:8080/hook', { allowHttp: true })).toBe('forbidden_address');
  });
});

describe('checkWebhookUrl: the allowlist', () => {
  test('an allowed IP admits exactly that address', async () => {
    const allowedHosts = parseAllowedHosts('127.0.0.1');
    expect(await refusal('http://127.0.0.1:3000/', { allowHttp: true, allowedHosts })).toBe('ok');
    expect(await refusal('http://127.0.0.2:3000/', { allowHttp: true, allowedHosts })).toBe('forbidden_address');
  });

  test('an allowed CIDR admits addresses inside it only', async () => {
    const allowedHosts = parseAllowedHosts('10.20.0.0/16');
    const lookup = fakeDns({ 'inside.corp': ['10.20.3.4'], 'outside.corp': ['10.21.3.4'] });
    expect(await refusal('https://inside.corp/', { allowedHosts, lookup })).toBe('ok');
    expect(await refusal('https://outside.corp/', { allowedHosts, lookup })).toBe('forbidden_address');
  });

  test('an allowed IPv4 also admits its IPv4-mapped IPv6 form', async () => {
    const allowedHosts = parseAllowedHosts('127.0.0.0/8');
    expect(await refusal('https://[::ffff:127.0.0.1]/', { allowedHosts })).toBe('ok');
  });

  test('an allowed hostname admits whatever it resolves to, and only that hostname', async () => {
    const allowedHosts = parseAllowedHosts('receiver.internal');
    const lookup = fakeDns({ 'receiver.internal': ['192.168.5.5'], 'other.internal': ['192.168.5.5'] });
    expect(await refusal('https://receiver.internal/', { allowedHosts, lookup })).toBe('ok');
    expect(await refusal('https://RECEIVER.internal./', { allowedHosts, lookup: fakeDns({ 'receiver.internal.': ['192.168.5.5'] }) })).toBe('ok');
    expect(await refusal('https://other.internal/', { allowedHosts, lookup })).toBe('forbidden_address');
  });

  test('an allowed IPv6 loopback admits [::1]', async () => {
    expect(await refusal('https://[::1]:8443/', { allowedHosts: parseAllowedHosts('::1') })).toBe('ok');
    expect(await refusal('https://[::1]:8443/', { allowedHosts: parseAllowedHosts('[::1]') })).toBe('ok');
  });
});

describe('parseAllowedHosts', () => {
  test('reads a comma-separated mix of hostnames, IPs and CIDRs, ignoring blanks and spaces', () => {
    const allowed = parseAllowedHosts(' localhost, 127.0.0.1 ,,10.0.0.0/8, ::1, Receiver.Example. ');
    expect([...allowed.hostnames].sort()).toEqual(['localhost', 'receiver.example']);
    expect(allowed.cidrs.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual(['127.0.0.1/32', '10.0.0.0/8', '::1/128']);
  });

  test('an unset or empty value allows nothing', () => {
    expect(parseAllowedHosts(undefined)).toEqual({ hostnames: new Set(), cidrs: [] });
    expect(parseAllowedHosts('')).toEqual({ hostnames: new Set(), cidrs: [] });
  });

  test('a malformed entry throws, so a typo in the environment fails at boot', () => {
    expect(() => parseAllowedHosts('10.0.0.0/33')).toThrow(/CIDR/);
    expect(() => parseAllowedHosts('http://localhost')).toThrow(/http:\/\/localhost/);
    expect(() => parseAllowedHosts('*.example.com')).toThrow();
  });
});
