import { rmSync, writeFileSync } from 'node:fs';

/**
 * The worker serves no HTTP, so readiness is a file an orchestrator's exec probe can test
 * (`test -f $WORKER_READY_FILE`), written once every consumer is connected.
 */
export function markReady(file: string | undefined, details: object): void {
  if (file) writeFileSync(file, JSON.stringify({ ...details, readyAt: new Date().toISOString() }));
}

export function clearReady(file: string | undefined): void {
  if (file) rmSync(file, { force: true });
}
