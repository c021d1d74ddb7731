/**
 * Every queue and job name in one place. Training has one queue per worker class (e.g. by GPU
 * memory): a worker consumes only the classes it declares, so a job never lands on a machine
 * too small for it.
 */
export const QUEUES = {
  datasets: 'datasets',
  webhooks: 'webhooks',
  training: (workerClass: string) => `training-${workerClass}`,
} as const;

export const JOBS = {
  validateFile: 'validate-file',
  trainJob: 'train-job',
  deliverWebhook: 'deliver-webhook',
} as const;

export const WORKER_CLASS_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
