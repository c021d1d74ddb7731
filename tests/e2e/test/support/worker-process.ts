import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '../../../..');

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the real worker (apps/worker/src/main.ts) as a child process and waits for its ready file. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ws-worker-'));
  const readyFile = join(dir, 'ready');
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: repo,
    env: { ...process.env, LOG_LEVEL: 'info', WORKER_READY_FILE: readyFile, WORKER_CACHE_DIR: join(dir, 'cache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so SIGKILL takes anything it started.
    detached: true,
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  for (let i = 0; i < 600 && !existsSync(readyFile); i++) {
    if (child.exitCode !== null) throw new Error(`worker exited early:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!existsSync(readyFile)) throw new Error(`worker not ready after 60 s:\n${output}`);
  return {
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      try {
        // One process (tsx as a loader, not tsx's CLI, whose signal relay SIGKILLs a child that does
        // not acknowledge within 30 ms): it gets the signal as a container's process does.
        if (child.exitCode === null) process.kill(signal === 'SIGKILL' ? -child.pid! : child.pid!, signal);
      } catch (err) {
        // Already gone (ESRCH): nothing to stop.
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
      return exited;
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
