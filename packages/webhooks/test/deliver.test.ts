import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  buildEventPayload,
  deliver,
  generateWebhookSecret,
  parseAllowedHosts,
  signPayload,
  verifyWebhook,
  type DeliverInput,
  type HostLookup,
} from '../src';
import { startReceiver, type Receiver } from './support/receiver';
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './support/self-signed-cert';

// Tests talk to 127.0.0.1 over plain http, which production refuses; this is the same switch
// WEBHOOK_ALLOW_HTTP / WEBHOOK_ALLOWED_HOSTS would flip.
const LOCAL = { allowHttp: true, allowedHosts: parseAllowedHosts('127.0.0.1') };
const { body } = buildEventPayload({ id: 'evt_d', type: 'fine_tuning.job.succeeded', createdAt: new Date(), data: { id: 'ftjob_1' } });

let receivers: Receiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

function send(input: Partial<DeliverInput> & { url: string }) {
  return deliver({ headers: {}, body, ...LOCAL, ...input });
}

describe('deliver: a real receiver', () => {
  test('POSTs the signed JSON body, which the receiver verifies from the raw request', async () => {
    const secret = generateWebhookSecret();
    const r = await receiver((_req, res) => res.writeHead(204).end());
    const headers = signPayload({ id: 'evt_d', timestamp: new Date(), body, secrets: [secret] });

    const result = await send({ url: `${r.origin}/hooks/whetstone?tenant=acme`, headers: { ...headers } });

    expect(result).toMatchObject({ ok: true, statusCode: 204, responseSnippet: '', responseTruncated: false });
    expect(result.error).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const [request] = r.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/hooks/whetstone?tenant=acme' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toMatch(/^Whetstone-Webhooks\//);
    expect(request!.body.toString()).toBe(body);
    expect(verifyWebhook(secret, request!.headers, request!.body).id).toBe('evt_d');
  });

  test('a 2xx with a body succeeds and keeps the body as the snippet', async () => {
    const r = await receiver((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks'));
    expect(await send({ url: r.origin })).toMatchObject({ ok: true, statusCode: 200, responseSnippet: 'thanks' });
  });

  test('a 500 is a failure with the status recorded', async () => {
    const r = await receiver((_req, res) => res.writeHead(500).end('boom'));
    const result = await send({ url: r.origin });
    expect(result).toMatchObject({ ok: false, statusCode: 500, responseSnippet: 'boom', error: { code: 'http_error' } });
    expect(result.disableEndpoint).toBeUndefined();
  });

  test('a 410 asks for the endpoint to be disabled', async () => {
    const r = await receiver((_req, res) => res.writeHead(410).end());
    expect(await send({ url: r.origin })).toMatchObject({ ok: false, statusCode: 410, disableEndpoint: '410_gone' });
  });

  test('a 429 with Retry-After in seconds reports retryAfterSeconds', async () => {
    const r = await receiver((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    expect(await send({ url: r.origin })).toMatchObject({ ok: false, statusCode: 429, retryAfterSeconds: 120 });
  });

  test('a 503 with Retry-After as an HTTP-date reports the seconds until then', async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    const r = await receiver((_req, res) => res.writeHead(503, { 'retry-after': at }).end());
    const result = await send({ url: r.origin });
    expect(result.statusCode).toBe(503);
    expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(85);
    expect(result.retryAfterSeconds).toBeLessThanOrEqual(90);
  });

  test('a redirect is not followed: a failure recording the status and the target', async () => {
    const target = await receiver();
    const r = await receiver((_req, res) => res.writeHead(302, { location: `${target.origin}/elsewhere` }).end());
    const result = await send({ url: r.origin });
    expect(result).toMatchObject({ ok: false, statusCode: 302, error: { code: 'redirect_not_followed' } });
    expect(result.error?.message).toContain(`${target.origin}/elsewhere`);
    expect(target.requests).toHaveLength(0);
  });

  test('a receiver that never answers times out within the configured timeout', async () => {
    const r = await receiver(() => {
      // Hold the request open forever.
    });
    const started = performance.now();
    const result = await send({ url: r.origin, timeoutMs: 300 });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(result.statusCode).toBeUndefined();
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
  });

  test('a body that stalls after a 2xx status: the deadline ends reading and the status decides', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const result = await send({ url: r.origin, timeoutMs: 300 });
    expect(result).toMatchObject({ ok: true, statusCode: 200, responseSnippet: 'partial', responseTruncated: true });
    expect(result.error).toBeUndefined();
  });

  test('an endless response body is read only up to maxResponseBytes, then the connection is dropped', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(16 * 1024);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const result = await send({ url: r.origin, maxResponseBytes: 1000, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: true, statusCode: 200, responseTruncated: true });
    expect(result.responseSnippet).toBe('x'.repeat(1000));
    expect(result.latencyMs).toBeLessThan(2_000);
  });

  test('a body of exactly maxResponseBytes is not marked truncated', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end('y'.repeat(1000)));
    expect(await send({ url: r.origin, maxResponseBytes: 1000 })).toMatchObject({ responseSnippet: 'y'.repeat(1000), responseTruncated: false });
  });

  test('caller headers cannot override content-type, host or user-agent', async () => {
    const r = await receiver();
    await send({ url: r.origin, headers: { 'Content-Type': 'text/plain', Host: 'evil.example', 'User-Agent': 'x', 'X-Extra': '1' } });
    const headers = r.requests[0]!.headers;
    expect(headers['content-type']).toBe('application/json');
    expect(headers.host).toBe(`127.0.0.1:${r.port}`);
    expect(headers['user-agent']).toMatch(/^Whetstone-Webhooks\//);
    expect(headers['x-extra']).toBe('1');
  });
});

describe('deliver: network failures come back as results, never as exceptions', () => {
  test('connection refused', async () => {
    const r = await receiver();
    await r.close();
    expect(await send({ url: r.origin })).toMatchObject({ ok: false, error: { code: 'connection_refused' } });
  });

  test('a TLS failure (https to a plain-http server)', async () => {
    const r = await receiver();
    const result = await send({ url: `https://127.0.0.1:${r.port}/`, timeoutMs: 3_000 });
    expect(result).toMatchObject({ ok: false, error: { code: 'tls_error' } });
  });

  test('a certificate that does not chain to a trusted root is refused as a TLS error', async () => {
    const server = https.createServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    let reached = false;
    server.on('request', () => (reached = true));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await send({ url: `https://127.0.0.1:${port}/`, timeoutMs: 3_000 });
      expect(result).toMatchObject({ ok: false, error: { code: 'tls_error' } });
      expect(result.error?.message).toMatch(/self[- ]signed/i);
      expect(reached).toBe(false);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a DNS lookup that never answers is cut off by the same timeout', async () => {
    const lookup: HostLookup = () => new Promise(() => undefined);
    const result = await send({ url: 'http://slow-dns.test/', lookup, timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  test('an unresolvable host is a dns_error', async () => {
    const lookup: HostLookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await send({ url: 'http://gone.test/', lookup })).toMatchObject({ ok: false, error: { code: 'dns_error' } });
  });
});

describe('deliver: no port-scan oracle (uniformConnectionFailures, as the worker sends)', () => {
  test('a closed port and a port that never answers give the same code and message, both at the deadline', async () => {
    const closed = await receiver();
    await closed.close();
    const silent = await receiver(() => {
      // Accepts the connection and never answers: what a filtered port looks like from outside.
    });
    const timeoutMs = 400;
    const started = performance.now();
    const refused = await send({ url: closed.origin, timeoutMs, uniformConnectionFailures: true });
    const refusedAfter = performance.now() - started;
    const hung = await send({ url: silent.origin, timeoutMs, uniformConnectionFailures: true });
    expect(refused.error?.code).toBe('connection_failed');
    expect(hung.error?.code).toBe('connection_failed');
    expect(refused.error?.message).toBe(hung.error?.message);
    // The refusal is not reported before the deadline, so timing tells nothing either.
    expect(refusedAfter).toBeGreaterThanOrEqual(timeoutMs - 10);
    // The precise cause stays available for the worker's log.
    expect(refused.error?.cause).toMatch(/^connection_refused/);
    expect(hung.error?.cause).toMatch(/^timeout/);
  });

  test('an HTTP answer is still reported as it is', async () => {
    const r = await receiver((_req, res) => res.writeHead(503).end());
    expect(await send({ url: r.origin, uniformConnectionFailures: true })).toMatchObject({ ok: false, statusCode: 503, error: { code: 'http_error' } });
  });
});

describe('deliver: URL safety is enforced at send time', () => {
  test('http is refused without allowHttp, and nothing reaches the receiver', async () => {
    const r = await receiver();
    const result = await send({ url: r.origin, allowHttp: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'refused_by_policy', refusalReason: 'http_not_allowed' } });
    expect(r.requests).toHaveLength(0);
  });

  test('loopback is refused without an allowlist entry, and nothing reaches the receiver', async () => {
    const r = await receiver();
    const result = await send({ url: r.origin, allowedHosts: parseAllowedHosts('') });
    expect(result).toMatchObject({ ok: false, error: { code: 'refused_by_policy', refusalReason: 'forbidden_address' } });
    expect(r.requests).toHaveLength(0);
  });

  test('localhost is refused because it resolves to loopback', async () => {
    const r = await receiver();
    const result = await send({ url: `http://localhost:${r.port}/`, allowedHosts: parseAllowedHosts('') });
    expect(result).toMatchObject({ ok: false, error: { code: 'refused_by_policy', refusalReason: 'forbidden_address' } });
    expect(r.requests).toHaveLength(0);
  });

  test('a CIDR allowlist admits the receiver', async () => {
    const r = await receiver();
    expect(await send({ url: r.origin, allowedHosts: parseAllowedHosts('127.0.0.0/8') })).toMatchObject({ ok: true });
    expect(await send({ url: r.origin, allowedHosts: parseAllowedHosts('10.0.0.0/8') })).toMatchObject({ error: { code: 'refused_by_policy' } });
  });

  test('a hostname that now resolves to a private address is refused even if it was fine before', async () => {
    const lookup: HostLookup = async () => [{ address: '10.0.0.5', family: 4 }];
    expect(await send({ url: 'https://hooks.customer.test/', lookup })).toMatchObject({ error: { code: 'refused_by_policy' } });
  });

  test('the connection is pinned to the vetted address: DNS is asked once, a rebinding answer is never used', async () => {
    const r = await receiver();
    let lookups = 0;
    // First answer passes the check; any later answer would point into the private network.
    const rebinding: HostLookup = async () => {
      lookups += 1;
      return [{ address: lookups === 1 ? '127.0.0.1' : '10.0.0.5', family: 4 }];
    };
    const result = await send({ url: `http://rebind.test:${r.port}/hook`, lookup: rebinding, timeoutMs: 3_000 });
    expect(result).toMatchObject({ ok: true, statusCode: 200 });
    expect(lookups).toBe(1);
    expect(r.requests[0]!.headers.host).toBe(`rebind.test:${r.port}`);
  });
});
