/**
 * Where a checkpoint's files go: a local folder (tests, the CLI) or, in the worker, an S3 prefix. One
 * store holds one checkpoint; names are flat file names (letters, digits, '.', '_', '-').
 */
export interface CheckpointStore {
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** Rejects when the store has no file of that name. */
  read(name: string): Promise<Uint8Array>;
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Throws unless `name` is a flat file name a store accepts (no folders, no '..'). */
export function checkCheckpointFileName(name: string): string {
  if (!FILE_NAME.test(name)) throw new Error(`'${name}' is not a checkpoint file name (letters, digits, '.', '_', '-'; no folders)`);
  return name;
}
