import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '../../..');
const script = join(repo, 'infra/local/services.sh');
const dirs: string[] = [];

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

function services(args: string[], dataDir: string, port: number): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile('bash', [script, ...args], { env: { ...process.env, WHETSTONE_DATA_DIR: dataDir, WHETSTONE_S3_PORT: String(port) }, timeout: 30_000 }, (err, _out, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const portOpen = (port: number): Promise<boolean> =>
  new Promise((r) => {
    const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), r(true)));
    socket.on('error', () => r(false));
  });

describe('infra/local/services.sh and the local S3 server', () => {
  it('down stops the S3 server even while a client holds a keep-alive connection', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'whetstone-services-'));
    dirs.push(dataDir);
    const port = await freePort();
    expect((await services(['up', 's3'], dataDir, port)).code).toBe(0);
    const pid = Number(readFileSync(join(dataDir, 's3.pid'), 'utf8'));
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((r) => http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => (res.resume(), res.on('end', r))));

    expect((await services(['down', 's3'], dataDir, port)).code).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(await portOpen(port)).toBe(false);
    agent.destroy();
  });

  it('up refuses a port held by a server another data folder started', async () => {
    const foreignDir = mkdtempSync(join(tmpdir(), 'whetstone-services-foreign-'));
    const ourDir = mkdtempSync(join(tmpdir(), 'whetstone-services-ours-'));
    dirs.push(foreignDir, ourDir);
    const port = await freePort();
    const foreign = spawn('node', [join(repo, 'infra/local/s3-server.js'), '--port', String(port), '--dir', foreignDir, '--bucket', 'whetstone'], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !(await portOpen(port)); i++) await new Promise((r) => setTimeout(r, 100));
      const result = await services(['up', 's3'], ourDir, port);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('did not start');
      expect(alive(foreign.pid!)).toBe(true);
    } finally {
      foreign.kill('SIGKILL');
    }
  });
});
