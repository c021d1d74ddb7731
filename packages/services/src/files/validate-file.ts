import { summarizeReport, validateDataset, type PriceTable, type TokenCounter, type ValidationReport } from '@whetstone/datasets';
import { sanitizeJson, sanitizeText } from '@whetstone/common';
import type { Db, Prisma } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';
import { recordEvent } from '../events/outbox';

export interface ValidateFileDeps {
  db: Db;
  store: ObjectStore;
}

export type ValidateFileOutcome = { status: 'processed' | 'error'; report: ValidationReport } | { status: 'skipped'; reason: string };

/**
 * Streams a stored file through validation and records the outcome on the file, with a
 * file.processed / file.error event in the same transaction. Idempotent: a file already
 * processed or errored is left as it is (a retried queue job does no harm).
 */
export async function validateStoredFile(
  deps: ValidateFileDeps,
  input: {
    orgId: string;
    fileId: string;
    tokenCounter?: TokenCounter;
    contextLength?: number;
    prices?: PriceTable;
    model?: string;
    signal?: AbortSignal;
  },
): Promise<ValidateFileOutcome> {
  const file = await deps.db.file.findFirst({ where: { id: input.fileId, organizationId: input.orgId } });
  if (!file || file.deletedAt) return { status: 'skipped', reason: 'file not found or deleted' };
  if (file.status === 'processed' || file.status === 'error') return { status: 'skipped', reason: `already ${file.status}` };

  await deps.db.file.update({ where: { id: file.id }, data: { status: 'validating' } });
  const body = await deps.store.getStream(file.storageKey);
  if (!body) {
    await finish(deps.db, file.organizationId, file.id, null, 'The stored content of this file is missing.', 'file_content_missing');
    return { status: 'skipped', reason: 'object missing' };
  }
  const report = await validateDataset(body, {
    tokenCounter: input.tokenCounter,
    contextLength: input.contextLength,
    prices: input.prices,
    model: input.model,
    signal: input.signal,
  });
  await finish(deps.db, file.organizationId, file.id, report, null);
  return { status: report.ok ? 'processed' : 'error', report };
}

/**
 * The terminal state for a file whose validation failed for a reason other than its content
 * (the last retry ran out, or the error is permanent): `error` with a stable code the tenant can
 * quote, never `validating` forever. Internal details stay in the worker's log.
 */
export async function markFileValidationFailed(db: Db, input: { orgId: string; fileId: string; code: string }): Promise<boolean> {
  const file = await db.file.findFirst({ where: { id: input.fileId, organizationId: input.orgId, deletedAt: null } });
  if (!file || file.status === 'processed' || file.status === 'error') return false;
  await finish(db, input.orgId, input.fileId, null, `Validation could not complete (code ${input.code}); upload the file again, or contact support quoting file ${input.fileId}.`, input.code);
  return true;
}

async function finish(db: Db, orgId: string, fileId: string, rawReport: ValidationReport | null, failure: string | null, code?: string): Promise<void> {
  // Reports quote user bytes: strip what Postgres cannot store (NUL, lone surrogates) first.
  const report = rawReport ? sanitizeJson(rawReport) : null;
  const summary = report ? summarizeReport(report) : null;
  const status = report?.ok ? 'processed' : 'error';
  const rawDetails = failure ?? summary?.status_details ?? null;
  const details = rawDetails === null ? null : sanitizeText(rawDetails);
  await db.$transaction(async (tx) => {
    await tx.file.update({
      where: { id: fileId },
      data: {
        status,
        statusDetails: details,
        format: report?.format ?? null,
        validationSummary: (summary ?? undefined) as Prisma.InputJsonValue | undefined,
        validationReport: (report ?? undefined) as Prisma.InputJsonValue | undefined,
      },
    });
    await recordEvent(tx, {
      organizationId: orgId,
      type: status === 'processed' ? 'file.processed' : 'file.error',
      data: {
        id: fileId,
        object: 'file',
        status,
        status_details: details,
        format: report?.format ?? null,
        examples: report?.examples ?? 0,
        ...(code ? { code } : {}),
      },
    });
  });
}
