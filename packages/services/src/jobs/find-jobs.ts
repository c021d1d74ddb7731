import { NotFoundError } from '@whetstone/common';
import type { Db, FineTuningJob, JobAttempt, JobStatus, Prisma } from '@whetstone/db';

export async function findJob(db: Db, orgId: string, jobId: string): Promise<FineTuningJob & { attempts: JobAttempt[] }> {
  const job = await db.fineTuningJob.findFirst({
    where: { id: jobId, organizationId: orgId },
    include: { attempts: { orderBy: { number: 'asc' } } },
  });
  if (!job) throw new NotFoundError('fine-tuning job', jobId, 'fine_tuning_job_id');
  return job;
}

export async function listJobs(
  db: Db,
  orgId: string,
  query: { after?: string; limit: number; status?: JobStatus; metadata: Record<string, string> },
) {
  const metadataFilters: Prisma.FineTuningJobWhereInput[] = Object.entries(query.metadata).map(([key, value]) => ({
    metadata: { path: [key], equals: value },
  }));
  const rows = await db.fineTuningJob.findMany({
    where: {
      organizationId: orgId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.after ? { id: { lt: query.after } } : {}),
      AND: metadataFilters,
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
    include: { attempts: { orderBy: { number: 'asc' } } },
  });
  return { rows: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

export async function listJobEvents(db: Db, orgId: string, jobId: string, page: { after?: string; limit: number; order?: 'asc' | 'desc' }) {
  await findJob(db, orgId, jobId);
  const order = page.order ?? 'desc';
  const rows = await db.jobEvent.findMany({
    where: {
      jobId,
      organizationId: orgId,
      ...(page.after ? { id: order === 'desc' ? { lt: page.after } : { gt: page.after } } : {}),
    },
    orderBy: { id: order },
    take: page.limit + 1,
  });
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export async function listCheckpoints(db: Db, orgId: string, jobId: string, page: { after?: string; limit: number }) {
  await findJob(db, orgId, jobId);
  const rows = await db.checkpoint.findMany({
    where: { jobId, organizationId: orgId, ...(page.after ? { id: { lt: page.after } } : {}) },
    orderBy: { id: 'desc' },
    take: page.limit + 1,
  });
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
