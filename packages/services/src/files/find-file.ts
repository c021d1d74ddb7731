import { NotFoundError } from '@whetstone/common';
import type { Db, File } from '@whetstone/db';

/** A tenant's live (not deleted) file; another tenant's id answers exactly like a missing one. */
export async function findFile(db: Db, orgId: string, fileId: string, param = 'file_id'): Promise<File> {
  const file = await db.file.findFirst({ where: { id: fileId, organizationId: orgId, deletedAt: null } });
  if (!file) throw new NotFoundError('file', fileId, param);
  return file;
}

export async function listFiles(
  db: Db,
  orgId: string,
  page: { after?: string; limit: number; purpose?: string; order?: 'asc' | 'desc' },
): Promise<{ rows: File[]; hasMore: boolean }> {
  const order = page.order ?? 'desc';
  const rows = await db.file.findMany({
    where: {
      organizationId: orgId,
      deletedAt: null,
      ...(page.purpose ? { purpose: page.purpose } : {}),
      ...(page.after ? { id: order === 'desc' ? { lt: page.after } : { gt: page.after } } : {}),
    },
    orderBy: { id: order },
    take: page.limit + 1,
  });
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
