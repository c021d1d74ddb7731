import type { File } from '@whetstone/db';
import type { ValidationSummary } from '@whetstone/datasets';

/** The OpenAI file object, plus our fields (format, sha256, validation summary). */
export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: 'uploaded' | 'validating' | 'processed' | 'error';
  status_details: string | null;
  format: string | null;
  sha256: string | null;
  validation: ValidationSummary | null;
  /** OpenAI's expires_at: when the expiry sweeper deletes the file (null: kept until deleted). */
  expires_at: number | null;
}

export function toFileObject(file: File): FileObject {
  return {
    id: file.id,
    object: 'file',
    bytes: Number(file.bytes),
    created_at: Math.floor(file.createdAt.getTime() / 1000),
    filename: file.filename,
    purpose: file.purpose,
    status: file.status,
    status_details: file.statusDetails,
    format: file.format,
    sha256: file.sha256,
    validation: (file.validationSummary as ValidationSummary | null) ?? null,
    expires_at: file.expiresAt ? Math.floor(file.expiresAt.getTime() / 1000) : null,
  };
}

/** Purposes we accept; OpenAI's other purposes (assistants, batch, vision) are not ours. */
export const FILE_PURPOSES = ['fine-tune'] as const;
