import { ADMIN_TOKEN } from '../../../../apps/api/test/support/harness';
import { spawnRepoProcess, type RepoProcess } from './repo-process';

export interface ApiProcess extends RepoProcess {
  /** http://127.0.0.1:<port> */
  url: string;
}

/**
 * Starts the real API (apps/api/src/server.ts) as a child process on a port the OS picks and
 * waits for its "api listening" log line, which names the address.
 */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const api = spawnRepoProcess('apps/api/src/server.ts', { ...process.env, ADMIN_TOKEN, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env });
  let url: string | undefined;
  for (let i = 0; i < 600 && !url; i++) {
    if (api.child.exitCode !== null) throw new Error(`api exited early:\n${api.output()}`);
    url = /"address":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"api listening"/.exec(api.output())?.[1];
    if (!url) await new Promise((r) => setTimeout(r, 100));
  }
  if (!url) throw new Error(`api not listening after 60 s:\n${api.output()}`);
  return { ...api, url };
}
