import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from './support/harness';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A real redis-server of our own, so stopping it does not disturb other tests. */
async function startRedis(port: number): Promise<ChildProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ws-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = require('node:net').connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis did not start');
}

describe('health and readiness', () => {
  it('reports ready when Postgres, Redis and S3 answer', async () => {
    const api = await startApi();
    try {
      expect((await api.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const res = await api.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ready', checks: { postgres: true, redis: true, s3: true }, unavailable: [] });
    } finally {
      await api.close();
    }
  });

  it('answers 503 naming Redis when Redis stops, while /healthz stays up', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    const api = await startApi({ REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      expect((await api.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      redis.kill('SIGKILL');
      await new Promise((resolve) => redis.once('exit', resolve));
      const res = await api.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unavailable', unavailable: ['redis'], checks: { postgres: true, redis: false, s3: true } });
      expect((await api.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      redis.kill('SIGKILL');
      await api.close();
    }
  });

  it('answers 503 naming Postgres and S3 when they are unreachable', async () => {
    const deadPort = await freePort();
    const api = await startApi({
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${deadPort}/none`,
      S3_ENDPOINT: `http://127.0.0.1:${deadPort}`,
    });
    try {
      const res = await api.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json().unavailable).toEqual(['postgres', 's3']);
    } finally {
      await api.close();
    }
  });
});
