import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnRepoProcess, type RepoProcess } from './repo-process';

export type WorkerProcess = RepoProcess;

/** Starts the real worker (apps/worker/src/main.ts) as a child process and waits for its ready file. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ws-worker-'));
  const readyFile = join(dir, 'ready');
  const worker = spawnRepoProcess('apps/worker/src/main.ts', { ...process.env, LOG_LEVEL: 'info', WORKER_READY_FILE: readyFile, WORKER_CACHE_DIR: join(dir, 'cache'), ...env });
  for (let i = 0; i < 600 && !existsSync(readyFile); i++) {
    if (worker.child.exitCode !== null) throw new Error(`worker exited early:\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!existsSync(readyFile)) throw new Error(`worker not ready after 60 s:\n${worker.output()}`);
  return worker;
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
