import { z } from 'zod';
import { ValidationReportSchema, ValidationSummarySchema } from '@whetstone/datasets';

export const fileObject = z
  .object({
    id: z.string(),
    object: z.literal('file'),
    bytes: z.number().int(),
    created_at: z.number().int(),
    filename: z.string(),
    purpose: z.string(),
    status: z.enum(['uploaded', 'validating', 'processed', 'error']),
    status_details: z.string().nullable(),
    format: z.string().nullable(),
    sha256: z.string().nullable(),
    validation: ValidationSummarySchema.nullable(),
    expires_at: z.number().int().nullable(),
  })
  .meta({ id: 'File' });

export const fileIdParams = z.object({ file_id: z.string().min(1).max(100) });

export const validationReportObject = z
  .object({
    object: z.literal('file.validation'),
    file_id: z.string(),
    status: fileObject.shape.status,
    report: ValidationReportSchema.nullable(),
  })
  .meta({ id: 'FileValidation' });

export const deletedFileObject = z.object({ id: z.string(), object: z.literal('file'), deleted: z.literal(true) }).meta({ id: 'DeletedFile' });
