import { useState } from 'react';
import { client, unwrap, type Schemas } from '../api';
import { ErrorBanner, Section, StatusBadge, useLoad, when } from '../components/common';
import { Link } from '../router';
import { canWrite, useSession } from '../session';

const STATUSES = ['', 'validating_files', 'queued', 'running', 'pausing', 'paused', 'succeeded', 'failed', 'cancelled'] as const;
type Status = Exclude<(typeof STATUSES)[number], ''>;

function progressOf(job: Schemas['FineTuningJob']): string {
  const p = job.progress as { step?: number; total_steps?: number } | null;
  if (!p?.total_steps) return '—';
  return `${p.step ?? 0} / ${p.total_steps}`;
}

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
        <table>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Model</th>
              <th scope="col">Method</th>
              <th scope="col">Progress</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((j) => (
              <tr key={j.id}>
                <td>
                  <Link to={`/jobs/${j.id}`}>{j.id}</Link>
                  {j.fine_tuned_model && <div className="id">{j.fine_tuned_model}</div>}
                </td>
                <td>
                  <StatusBadge status={j.status} />
                </td>
                <td>{j.model}</td>
                <td>
                  {String(j.method?.type ?? 'supervised')} · {String(j.training_type.type)}
                </td>
                <td>{progressOf(j)}</td>
                <td>{when(j.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {jobs.data && shown.length === 0 && <p>No jobs match.</p>}
      </Section>
    </>
  );
}
