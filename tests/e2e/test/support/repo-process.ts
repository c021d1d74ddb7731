import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const repo = resolve(__dirname, '../../../..');

export interface RepoProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Sends `signal` (SIGKILL: to its whole process group) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * One of the platform's entry points (a path under the repository) as a real child process:
 * one node process with tsx as a loader (not tsx's CLI, whose signal relay SIGKILLs a child that
 * does not acknowledge within 30 ms), so it gets signals as a container's process does; in its
 * own process group, so SIGKILL takes anything it started.
 */
export function spawnRepoProcess(entry: string, env: Record<string, string | undefined>): RepoProcess {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      try {
        if (child.exitCode === null) process.kill(signal === 'SIGKILL' ? -child.pid! : child.pid!, signal);
      } catch (err) {
        // Already gone (ESRCH): nothing to stop.
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
      return exited;
    },
  };
}
