import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { ADMIN_TOKEN } from '../../../../apps/api/test/support/harness';

const repo = resolve(__dirname, '../../../..');

export interface ApiProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  output: () => string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Starts the real API (apps/api/src/server.ts) as a child process on a port the OS picks and
 * waits for its "api listening" log line, which names the address.
 */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: repo,
    env: { ...process.env, ADMIN_TOKEN, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so SIGKILL takes anything it started.
    detached: true,
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let url: string | undefined;
  for (let i = 0; i < 600 && !url; i++) {
    if (child.exitCode !== null) throw new Error(`api exited early:\n${output}`);
    url = /"address":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"api listening"/.exec(output)?.[1];
    if (!url) await new Promise((r) => setTimeout(r, 100));
  }
  if (!url) throw new Error(`api not listening after 60 s:\n${output}`);
  return {
    child,
    url,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      try {
        // One process (tsx as a loader, not tsx's CLI, whose signal relay SIGKILLs a child that does
        // not acknowledge within 30 ms): it gets the signal as a container's process does.
        if (child.exitCode === null) process.kill(signal === 'SIGKILL' ? -child.pid! : child.pid!, signal);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
      return exited;
    },
  };
}
