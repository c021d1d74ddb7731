import { summarizeReport, validateDataset, type PriceTable, type TokenCounter, type ValidationReport } from '@whetstone/datasets';
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
    await finish(deps.db, file.organizationId, file.id, null, 'The stored content of this file is missing.');
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

async function finish(db: Db, orgId: string, fileId: string, report: ValidationReport | null, failure: string | null): Promise<void> {
  const summary = report ? summarizeReport(report) : null;
  const status = report?.ok ? 'processed' : 'error';
  const details = failure ?? summary?.status_details ?? null;
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
      data: { id: fileId, object: 'file', status, status_details: details, format: report?.format ?? null, examples: report?.examples ?? 0 },
    });
  });
}
