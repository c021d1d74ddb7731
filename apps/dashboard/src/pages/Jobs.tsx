import { useState } from 'react';
import { client, unwrap, type Schemas } from '../api';
import { ErrorBanner, Section, StatusBadge, useLoad, when } from '../components/common';
import { DataTable, type Column } from '../components/DataTable';
import { Link } from '../router';
import { canWrite, useSession } from '../session';

const STATUSES = ['', 'validating_files', 'queued', 'running', 'pausing', 'paused', 'succeeded', 'failed', 'cancelled'] as const;
type Status = Exclude<(typeof STATUSES)[number], ''>;

function progressOf(job: Schemas['FineTuningJob']): string {
  const p = job.progress as { step?: number; total_steps?: number } | null;
  if (!p?.total_steps) return '—';
  return `${p.step ?? 0} / ${p.total_steps}`;
}

const JOB_COLUMNS: Column<Schemas['FineTuningJob']>[] = [
  {
    header: 'Job',
    cell: (j) => (
      <>
        <Link to={`/jobs/${j.id}`}>{j.id}</Link>
        {j.fine_tuned_model && <div className="id">{j.fine_tuned_model}</div>}
      </>
    ),
  },
  { header: 'Status', cell: (j) => <StatusBadge status={j.status} /> },
  { header: 'Model', cell: (j) => j.model },
  { header: 'Method', cell: (j) => `${String(j.method?.type ?? 'supervised')} · ${String(j.training_type.type)}` },
  { header: 'Progress', cell: progressOf },
  { header: 'Created', cell: (j) => when(j.created_at) },
];

/** Jobs with status, model, method and progress, filtered by status and model. */
export function Jobs() {
  const { role } = useSession();
  const [status, setStatus] = useState<Status | ''>('');
  const [model, setModel] = useState('');
  const jobs = useLoad(
    async () => unwrap(await client.GET('/v1/fine_tuning/jobs', { params: { query: { limit: 100, ...(status ? { status } : {}) } } })),
    [status],
  );
  const shown = jobs.data?.data.filter((j) => !model || j.model.includes(model)) ?? [];
  return (
    <>
      <h1>Fine-tuning jobs</h1>
      <Section
        title="Jobs"
        actions={
          canWrite(role) ? (
            <Link to="/jobs/new" className="button">
              New job
            </Link>
          ) : undefined
        }
      >
        <div className="filters">
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s || 'any'}
                </option>
              ))}
            </select>
          </label>
          <label>
            Model contains
            <input value={model} onChange={(e) => setModel(e.target.value)} />
          </label>
        </div>
        <ErrorBanner error={jobs.error} />
        <DataTable columns={JOB_COLUMNS} rows={shown} rowKey={(j) => j.id} />
        {jobs.data && shown.length === 0 && <p>No jobs match.</p>}
      </Section>
    </>
  );
}
