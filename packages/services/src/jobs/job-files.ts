import { ValidationError } from '@whetstone/common';
import type { Db, File } from '@whetstone/db';

/** A file still being validated: a job naming it waits in `validating_files`. */
export const isPendingFile = (file: File) => file.status === 'uploaded' || file.status === 'validating';

/**
 * The error a job gets for a file that failed validation: the file's first validation error code
 * (e.g. `invalid_json`) and its status details, with param naming the job field that refers to it.
 */
export function fileFailedError(file: File, param: string): ValidationError {
  const report = file.validationReport as { errors?: { items?: { code?: string }[] } } | null;
  const code = report?.errors?.items?.[0]?.code ?? 'file_validation_failed';
  const details = file.statusDetails ?? `see GET /v1/files/${file.id}/validation`;
  return new ValidationError(`File ${file.id} failed validation: ${details}`, param, code);
}

/** A tenant's live file named in a job body; a reference inside a body is a 400, not a 404 (as OpenAI). */
export async function jobFile(db: Db, orgId: string, id: string, param: string): Promise<File> {
  return checkJobFile(await db.file.findFirst({ where: { id, organizationId: orgId, deletedAt: null } }), id, param);
}

/** jobFile's checks on a file already read (null: none of the tenant's live files has that id). */
export function checkJobFile(file: File | null, id: string, param: string): File {
  if (!file) throw new ValidationError(`No file found with id '${id}'.`, param, 'file_not_found');
  if (file.purpose !== 'fine-tune') throw new ValidationError(`File ${id} has purpose '${file.purpose}'; training and validation files need purpose 'fine-tune'.`, param, 'invalid_file_purpose');
  if (file.status === 'error') throw fileFailedError(file, param);
  return file;
}
