import { AppError, ConflictError } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';
import { statement } from '@whetstone/db';
import { findJob } from './find-jobs';

/** Columns of the metrics CSV: OpenAI's result-file columns, then the DPO ones. */
export const METRICS_CSV_COLUMNS = [
  'step',
  'train_loss',
  'train_accuracy',
  'valid_loss',
  'valid_mean_token_accuracy',
  'learning_rate',
  'grad_norm',
  'rewards/chosen',
  'rewards/rejected',
  'rewards/accuracies',
  'rewards/margins',
  'logps/chosen',
  'logps/rejected',
  'valid_rewards/accuracies',
  'valid_rewards/margins',
] as const;

/** Steps per page of the metrics series: the default, and the most one request may ask for. */
export const METRICS_PAGE = { defaultLimit: 1000, maxLimit: 10_000 } as const;

export interface MetricPoint {
  step: number;
  values: Record<string, number>;
}

/**
 * One page of a job's metric time series, in step order, optionally only some names
 * (dashboards): at most `limit` steps after `afterStep`, and whether more follow (page on with
 * `afterStep` = the last step returned). One statement joined on the job's tenant; only an empty
 * result needs a second look to tell "no metrics yet" from "not your job".
 */
export async function jobMetricSeries(
  db: Db,
  orgId: string,
  jobId: string,
  names: string[] | undefined,
  page: { afterStep?: number; limit: number },
): Promise<{ data: MetricPoint[]; hasMore: boolean }> {
  const limit = Math.min(page.limit, METRICS_PAGE.maxLimit);
  const { rows } = await db.pool.query<MetricPoint>(
    statement(
      'job_metrics_page',
      `SELECT m.step, m.values FROM job_metrics m JOIN fine_tuning_jobs j ON j.id = m."jobId"
        WHERE m."jobId" = $1 AND j."organizationId" = $2 AND m.step > $3 ORDER BY m.step LIMIT $4`,
      [jobId, orgId, page.afterStep ?? -1, limit + 1],
    ),
  );
  if (rows.length === 0) await findJob(db, orgId, jobId);
  const wanted = names && names.length ? new Set(names) : null;
  const data = rows.slice(0, limit).map(({ step, values }) => ({ step, values: wanted ? Object.fromEntries(Object.entries(values).filter(([k]) => wanted.has(k))) : values }));
  return { data, hasMore: rows.length > limit };
}

/**
 * The metrics CSV of a job, produced page by page (header first): a long run's export is
 * streamed to the client, never held whole in the API's memory. Checks the tenant first.
 */
export async function* metricsCsvChunks(db: Db, orgId: string, jobId: string): AsyncGenerator<string> {
  await findJob(db, orgId, jobId);
  yield `${METRICS_CSV_COLUMNS.join(',')}\n`;
  let afterStep: number | undefined;
  for (;;) {
    const page = await jobMetricSeries(db, orgId, jobId, undefined, { afterStep, limit: METRICS_PAGE.defaultLimit });
    if (page.data.length > 0) yield metricsCsvRows(page.data);
    if (!page.hasMore) return;
    afterStep = page.data.at(-1)!.step;
  }
}

function metricsCsvRows(series: MetricPoint[]): string {
  const alias: Record<string, string> = { train_accuracy: 'train_mean_token_accuracy' };
  const lines: string[] = [];
  for (const { step, values } of series) {
    lines.push(
      METRICS_CSV_COLUMNS.map((column) => {
        if (column === 'step') return String(step);
        const value = values[column] ?? values[alias[column] ?? ''];
        return value === undefined ? '' : String(value);
      }).join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * What a finished job produced: presigned download URLs for every file of the adapter (PEFT
 * folder) or full model, the metrics CSV and the evaluation report, valid for `expiresIn` seconds.
 */
export async function jobResult(deps: { db: Db; store: ObjectStore }, orgId: string, jobId: string, expiresIn = 3600) {
  const job = await findJob(deps.db, orgId, jobId);
  const model = await deps.db.fineTunedModel.findFirst({ where: { jobId: job.id, organizationId: orgId } });
  if (job.status !== 'succeeded' || !model) {
    throw new ConflictError(`Fine-tuning job ${job.id} has no result yet (status ${job.status}).`, 'job_not_succeeded', 'fine_tuning_job_id');
  }
  if (model.deletedAt) {
    throw new AppError(410, 'invalid_request_error', 'model_deleted', `The fine-tuned model ${model.name} of job ${job.id} was deleted; its files are gone.`, 'fine_tuning_job_id');
  }
  const objects = await deps.store.list(model.storagePrefix);
  const files = await Promise.all(
    objects.map(async (o) => {
      const name = o.key.slice(model.storagePrefix.length);
      return { name, bytes: o.bytes, url: await deps.store.presignGet(o.key, expiresIn, name) };
    }),
  );
  const evaluations = await deps.db.evaluation.findMany({ where: { jobId: job.id, organizationId: orgId }, orderBy: { createdAt: 'asc' } });
  return {
    object: 'fine_tuning.job.result' as const,
    fine_tuning_job_id: job.id,
    fine_tuned_model: model.name,
    kind: model.kind,
    expires_at: Math.floor(Date.now() / 1000) + expiresIn,
    files: files.filter((f) => f.name !== '' && !f.name.startsWith('reports/')),
    metrics_csv: `/v1/fine_tuning/jobs/${job.id}/metrics.csv`,
    evaluations: evaluations.map((e) => ({ stage: e.stage, step: e.step, metrics: e.metrics, samples: e.samples ?? null })),
  };
}
