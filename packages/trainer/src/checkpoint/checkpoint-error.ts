/** Why a checkpoint could not be used. */
export type CheckpointErrorCode =
  /** The store holds no checkpoint (no manifest). */
  | 'not_found'
  /** A file is missing, truncated, altered or does not parse. */
  | 'corrupt'
  /** Written by a newer engine, in a format version this one does not read. */
  | 'unsupported_version'
  /** A sound checkpoint of another run: different data, hyperparameters, seed or loop. */
  | 'incompatible';

export class CheckpointError extends Error {
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CheckpointError';
  }
}
