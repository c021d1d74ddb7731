import { WhetstoneApiError } from '@whetstone/client';
import { CliError, EXIT } from './exit-codes';

/** Human output goes to stdout as text; --json prints the API's objects for scripts instead. */
export function emit(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Lines of aligned columns. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

export const time = (unix: number | null | undefined) => (unix ? new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 19) : '-');

export function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Prints an error the way the user needs it (API code and message) and returns the exit code. */
export function reportError(err: unknown, json: boolean): number {
  if (err instanceof WhetstoneApiError) {
    const code = err.status === 401 ? EXIT.auth : EXIT.api;
    if (json) process.stderr.write(`${JSON.stringify({ error: { status: err.status, code: err.code, message: err.message, request_id: err.requestId } })}\n`);
    else process.stderr.write(`error: ${err.code ?? `http_${err.status}`}: ${err.message}${err.requestId ? ` (request ${err.requestId})` : ''}\n`);
    return code;
  }
  if (err instanceof CliError) {
    process.stderr.write(json ? `${JSON.stringify({ error: { code: 'cli_error', message: err.message } })}\n` : `error: ${err.message}\n`);
    return err.exitCode;
  }
  const cause = (err as { cause?: { code?: string } }).cause;
  if (err instanceof TypeError && cause?.code) {
    process.stderr.write(`error: cannot reach the API (${cause.code}); check --base-url or WHETSTONE_BASE_URL\n`);
    return EXIT.failure;
  }
  process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
  return EXIT.failure;
}
