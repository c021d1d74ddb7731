import { QuotaError } from '@whetstone/common';
import { CheckpointError, TrainingDivergedError } from '@whetstone/trainer';
import { ModelChecksumError } from '../models/model-cache';
import { TrainingDataError } from './read-examples';
import { ParentModelGoneError } from './warm-start';

export interface TenantFailure {
  code: string;
  message: string;
  param?: string;
}

/** Errors the user must fix (bad data, a diverging run): the job fails once, no retry. */
export function userFailure(err: unknown): TenantFailure | null {
  if (err instanceof TrainingDataError) return { code: 'invalid_training_data', message: err.message };
  if (err instanceof ParentModelGoneError) return { code: 'parent_model_not_found', message: err.message };
  if (err instanceof TrainingDivergedError) return { code: 'training_diverged', message: `${err.message} Lower the learning rate or enable clipping.` };
  if (err instanceof CheckpointError && err.code === 'incompatible') return { code: 'checkpoint_incompatible', message: err.message };
  // Retrying would download the same bytes again; the operator must re-import the model.
  if (err instanceof ModelChecksumError) return { code: 'base_model_corrupt', message: err.message };
  // A checkpoint, the weights or the results file would not fit the storage quota.
  if (err instanceof QuotaError) {
    const quota = err.code.slice('quota_exceeded:'.length);
    return { code: err.code, param: quota, message: `${err.message} The job stopped; its last checkpoint (if any) is kept.` };
  }
  return null;
}

/**
 * What the tenant sees when training fails for a reason of ours: a stable code and a message with
 * the job id to quote to support. The error itself (driver text, hosts, paths) goes only to the
 * worker's log, under the same job id.
 */
export function internalFailure(jobId: string): TenantFailure {
  return {
    code: 'internal_error',
    message: `Training failed after repeated internal errors. The operator's logs have the details under job ${jobId}; quote it when you contact support.`,
  };
}
