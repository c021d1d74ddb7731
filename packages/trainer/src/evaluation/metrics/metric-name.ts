import { z } from 'zod';

/** Optional display name of a metric (defaults to its type); names must be unique within a job. */
export const metricName = z
  .string()
  .regex(/^[A-Za-z0-9_.\-/ ]{1,64}$/, 'letters, digits, spaces and _ . - / only, at most 64 characters')
  .optional();
