import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Identifiers of the unit of work in progress (a request's `reqId`, a queue job's `bullJobId`
 * and domain ids), kept per async context so that every log line written while serving it
 * carries them, even from code that was handed the process-wide logger.
 */
export type LogContextFields = Record<string, string>;

const storage = new AsyncLocalStorage<LogContextFields>();

/** Runs `fn` with `fields` added to the current log context (nested calls add to it). */
export function runWithLogContext<T>(fields: LogContextFields, fn: () => T): T {
  const outer = storage.getStore();
  return storage.run(outer ? { ...outer, ...fields } : fields, fn);
}

/** The fields of the unit of work in progress, if any. */
export function currentLogContext(): LogContextFields | undefined {
  return storage.getStore();
}
