import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const TSX_CLI = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

/** Runs a TypeScript script in a fresh `node` process (through tsx) from the repo root; rejects with its stderr on failure. */
export async function runTsxScript(script: string, args: readonly string[], timeoutMs = 60_000): Promise<{ stdout: string; seconds: number }> {
  const started = performance.now();
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [TSX_CLI, script, ...args], { cwd: REPO_ROOT, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return { stdout, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`${path.basename(script)} failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}
