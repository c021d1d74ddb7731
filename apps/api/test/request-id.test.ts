import { Writable } from 'node:stream';
import { createLogger } from '@whetstone/common';
import { loadApiConfig } from '@whetstone/config';
import { buildApp } from '../src/app';
import { closeDeps, createDeps } from '../src/deps';
import { ADMIN_TOKEN, createTenant } from './support/harness';

describe('request ids', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = loadApiConfig({ ...process.env, ADMIN_TOKEN, LOG_LEVEL: 'info', RATE_LIMIT_PER_IP_PER_MINUTE: '1000000' });
  const deps = createDeps(config, createLogger({ level: 'info', name: 'api-test' }, {}, sink));
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp(deps);
    // A route that logs through the process-wide logger, as services handed `deps.logger` do.
    app.get('/test/service-log', async () => {
      await new Promise((r) => setTimeout(r, 1));
      deps.logger.info('logged by a service');
      return { ok: true };
    });
    // What Prisma throws when no pool connection frees up in time for a transaction (P2028).
    app.get('/test/pool-timeout', async () => {
      throw Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), { code: 'P2028' });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await closeDeps(deps);
  });

  it('puts the request id in every tenant-facing error body and in x-request-id', async () => {
    const tenant = await createTenant(app, 'request-ids');
    const notFound = await app.inject({ method: 'GET', url: '/v1/files/file-missing', headers: tenant.headers });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().error.request_id).toBe(notFound.headers['x-request-id']);
    expect(notFound.json().error).toMatchObject({ type: expect.any(String), code: expect.any(String), message: expect.any(String) });

    const invalid = await app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: 5 } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.request_id).toBe(invalid.headers['x-request-id']);

    const unauthenticated = await app.inject({ method: 'GET', url: '/v1/files', headers: { 'x-request-id': 'client-chosen-id.1' } });
    expect(unauthenticated.statusCode).toBe(401);
    expect(unauthenticated.json().error.request_id).toBe('client-chosen-id.1');

    const unknown = await app.inject({ method: 'GET', url: '/v1/nowhere', headers: tenant.headers });
    expect(unknown.json().error.request_id).toBe(unknown.headers['x-request-id']);
  });

  it('stamps the request id on log lines written through the process-wide logger while serving it', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/service-log' });
    expect(res.statusCode).toBe(200);
    const line = lines.find((l) => l.msg === 'logged by a service');
    expect(line).toMatchObject({ reqId: res.headers['x-request-id'] });
    const ours = lines.filter((l) => l.reqId === res.headers['x-request-id']).map((l) => l.msg);
    expect(ours).toEqual(expect.arrayContaining(['incoming request', 'logged by a service', 'request completed']));
  });

  it('answers a database pool timeout with 503 database_busy and Retry-After, never a 500', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/pool-timeout' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json().error).toMatchObject({ code: 'database_busy', type: 'server_error', request_id: res.headers['x-request-id'] });
  });
});
