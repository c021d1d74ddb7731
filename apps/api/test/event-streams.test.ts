import http from 'node:http';
import { newId } from '@whetstone/common';
import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
let api: Awaited<ReturnType<typeof startApi>>;
let base: string;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-streams-test-${process.pid}`, STREAMS_PER_ORGANIZATION: '3', STREAMS_PER_JOB: '2', STREAM_DRAIN_TIMEOUT_MS: '1000' });
  await registerDemoModel(api.deps);
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  base = address;
});
afterAll(async () => {
  await api.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;

async function tenantWithJobs(n: number) {
  const tenant = await createTenant(api.app, 'streams');
  const file = await processedFile(api.app, api.deps, tenant, chatJsonl(60));
  const jobs: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
    jobs.push(res.json().id);
  }
  return { tenant, jobs };
}

/** Opens an SSE stream over a real socket; resolves once the status line is in. */
function open(tenant: Tenant, jobId: string, options: { read?: boolean } = {}) {
  return new Promise<{ status: number; body: () => string; res: http.IncomingMessage; req: http.ClientRequest; closed: Promise<void> }>((resolve, reject) => {
    const req = http.get(`${base}/v1/fine_tuning/jobs/${jobId}/events?stream=true`, { headers: tenant.headers }, (res) => {
      let body = '';
      // A paused response may never emit its own 'close': watch the connection as well.
      const closed = new Promise<void>((done) => {
        res.on('close', done);
        res.on('error', () => done());
        res.socket.once('close', () => done());
      });
      if (options.read === false) res.pause();
      else res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      resolve({ status: res.statusCode ?? 0, body: () => body, res, req, closed });
    });
    req.on('error', reject);
  });
}

describe('Server-Sent Events streams are bounded', () => {
  it('per job and per organization (429 too_many_streams), released when a stream closes, and other tenants unaffected', async () => {
    const { tenant, jobs } = await tenantWithJobs(3);
    const a1 = await open(tenant, jobs[0]!);
    const a2 = await open(tenant, jobs[0]!);
    expect([a1.status, a2.status]).toEqual([200, 200]);
    const a3 = await open(tenant, jobs[0]!);
    expect(a3.status).toBe(429);
    a3.res.resume();
    const b1 = await open(tenant, jobs[1]!);
    expect(b1.status).toBe(200);
    // The organization's three streams are open: a fourth, on any job, is refused.
    const c1 = await open(tenant, jobs[2]!);
    expect(c1.status).toBe(429);
    await c1.closed;
    expect(JSON.parse(c1.body()).error).toMatchObject({ type: 'rate_limit_error', code: 'too_many_streams' });
    expect(c1.res.headers['retry-after']).toBeDefined();

    // Another tenant has its own allowance.
    const other = await tenantWithJobs(1);
    const o1 = await open(other.tenant, other.jobs[0]!);
    expect(o1.status).toBe(200);
    o1.req.destroy();

    // Closing a stream frees its slot.
    a1.req.destroy();
    await a1.closed;
    let reopened: Awaited<ReturnType<typeof open>> | undefined;
    await waitFor(async () => {
      const attempt = await open(tenant, jobs[2]!);
      if (attempt.status !== 200) return (attempt.res.resume(), false);
      reopened = attempt;
      return true;
    });
    for (const s of [a2, b1, reopened!]) s.req.destroy();
  });

  it('disconnects a consumer that stops reading instead of buffering without bound, and frees its slot', async () => {
    const { tenant, jobs } = await tenantWithJobs(1);
    const jobId = jobs[0]!;
    // Far more than the kernel's socket buffers on both ends can absorb (a few MB each): ~30 MB of events.
    const blob = 'x'.repeat(5000);
    for (let batch = 0; batch < 6; batch++) {
      await api.deps.db.jobEvent.createMany({
        data: Array.from({ length: 1000 }, () => ({ id: newId('jobEvent'), organizationId: tenant.orgId, jobId, level: 'info', type: 'message', message: blob })),
      });
    }
    const stalled = await open(tenant, jobId, { read: false });
    expect(stalled.status).toBe(200);
    // The server gives up on it (a paused client does not notice until it reads again) and frees its
    // slot: with a limit of two per job, two new streams open.
    let s1: Awaited<ReturnType<typeof open>> | undefined;
    let s2: Awaited<ReturnType<typeof open>> | undefined;
    await waitFor(async () => {
      s1?.req.destroy();
      s1 = await open(tenant, jobId, { read: false });
      if (s1.status !== 200) return false;
      s2 = await open(tenant, jobId, { read: false });
      return s2.status === 200 || (s2.res.resume(), false);
    }, 30_000);
    // Reading again, the stalled client finds the connection cut short: far less than was written,
    // and no `event: done` (the job is still queued, so nothing else would have ended the stream).
    let received = 0;
    stalled.res.on('data', (chunk: Buffer) => (received += chunk.length));
    stalled.res.resume();
    await stalled.closed;
    expect(received).toBeLessThan(6_000 * 5_000);
    expect(stalled.res.complete).toBe(false);
    for (const s of [s1!, s2!]) s.req.destroy();
  });
});

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached');
}
