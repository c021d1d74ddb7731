import { useEffect, useMemo, useState } from 'react';
import { streamJobEvents } from '@whetstone/client';
import { client, unwrap, type Schemas } from '../api';
import { MetricChart } from '../components/MetricChart';
import { ErrorBanner, Section, StatusBadge, bytes, describeError, useAction, useLoad, when } from '../components/common';
import { AttemptsTable } from '../components/job/AttemptsTable';
import { CheckpointTable } from '../components/job/CheckpointTable';
import { EvaluationComparison } from '../components/job/EvaluationComparison';
import { Link } from '../router';
import { canWrite, useSession } from '../session';

type JobEvent = Schemas['FineTuningJobEvent'];
const LOSS = [
  { label: 'train_loss', color: '#2563eb' },
  { label: 'valid_loss', color: '#dc2626' },
];
const ACCURACY = [
  { label: 'train_mean_token_accuracy', color: '#059669' },
  { label: 'valid_mean_token_accuracy', color: '#d97706' },
];
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Live metrics from the job's SSE stream (no polling): every metrics event adds a point to the
 * curves; other events list below, and each one refreshes the job's status.
 */
function useLiveJob(id: string) {
  const [events, setEvents] = useState<JobEvent[]>([]);
  const [points, setPoints] = useState(() => new Map<number, Record<string, number>>());
  const [version, setVersion] = useState(0);
  const [streamError, setStreamError] = useState<unknown>();
  useEffect(() => {
    const abort = new AbortController();
    setEvents([]);
    setPoints(new Map());
    (async () => {
      for await (const item of streamJobEvents(client, id, abort.signal)) {
        if ('done' in item) {
          setVersion((v) => v + 1);
          return;
        }
        const event = item.event;
        if (event.type === 'metrics' && event.data && typeof (event.data as { step?: unknown }).step === 'number') {
          const { step, ...values } = event.data as Record<string, number> & { step: number };
          setPoints((prev) => new Map(prev).set(step, { ...(prev.get(step) ?? {}), ...values }));
        } else {
          setEvents((prev) => [event, ...prev]);
          setVersion((v) => v + 1);
        }
      }
    })().catch((err) => {
      if (!abort.signal.aborted) setStreamError(err);
    });
    return () => abort.abort();
  }, [id]);
  return { events, points, version, streamError };
}

const seriesPoints = (points: Map<number, Record<string, number>>, names: { label: string }[]) =>
  new Map([...points].filter(([, v]) => names.some((n) => v[n.label] !== undefined)).map(([step, v]) => [step, names.map((n) => v[n.label] ?? null)]));

export function JobDetail({ id }: { id: string }) {
  const { role } = useSession();
  const live = useLiveJob(id);
  const params = { params: { path: { fine_tuning_job_id: id } } };
  const job = useLoad(async () => unwrap(await client.GET('/v1/fine_tuning/jobs/{fine_tuning_job_id}', params)), [id, live.version]);
  const checkpoints = useLoad(async () => unwrap(await client.GET('/v1/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints', params)), [id, live.version]);
  const succeeded = job.data?.status === 'succeeded';
  const result = useLoad(async () => (succeeded ? unwrap(await client.GET('/v1/fine_tuning/jobs/{fine_tuning_job_id}/result', params)) : null), [id, succeeded]);
  const control = useAction(async (action: 'cancel' | 'pause' | 'resume') => {
    const path = `/v1/fine_tuning/jobs/{fine_tuning_job_id}/${action}` as const;
    unwrap(await client.POST(path, params));
    job.reload();
  });
  const loss = useMemo(() => seriesPoints(live.points, LOSS), [live.points]);
  const accuracy = useMemo(() => seriesPoints(live.points, ACCURACY), [live.points]);
  const j = job.data;
  const progress = j?.progress as { step?: number; total_steps?: number; eta_seconds?: number } | null | undefined;
  const writable = canWrite(role);
  const denied = writable ? undefined : `Your role (${role}) can view jobs but not change them.`;

  return (
    <>
      <p>
        <Link to="/jobs">← Jobs</Link>
      </p>
      <ErrorBanner error={job.error} />
      {j && (
        <>
          <h1>{j.id}</h1>
          <p>
            <StatusBadge status={j.status} /> {j.model} · {String(j.method?.type ?? 'supervised')} · {String(j.training_type.type)}
            {progress?.total_steps ? ` · step ${progress.step ?? 0} of ${progress.total_steps}` : ''}
            {progress?.eta_seconds && !TERMINAL.has(j.status) ? ` · about ${Math.round(progress.eta_seconds)} s left` : ''}
          </p>
          {j.parent_model && (
            <p data-testid="job-lineage">
              Continues from <code>{j.parent_model}</code>
              {j.parent_fine_tuning_job ? (
                <>
                  {' '}
                  (trained by <Link to={`/jobs/${j.parent_fine_tuning_job}`}>{j.parent_fine_tuning_job}</Link>)
                </>
              ) : null}
            </p>
          )}
          {j.error && <p role="alert" className="error">{j.error.message}</p>}
          <div className="buttons" role="group" aria-label="Job controls">
            {(['pause', 'resume', 'cancel'] as const).map((action) => (
              <button
                key={action}
                type="button"
                className={action === 'cancel' ? 'danger' : undefined}
                disabled={!writable || control.pending || TERMINAL.has(j.status)}
                title={denied}
                aria-describedby={denied ? 'controls-denied' : undefined}
                onClick={() => void control.run(action)}
              >
                {action[0]!.toUpperCase() + action.slice(1)}
              </button>
            ))}
          </div>
          {denied && (
            <p id="controls-denied" className="note">
              {denied}
            </p>
          )}
          <ErrorBanner error={control.error} />
        </>
      )}
      {live.streamError ? <p role="alert" className="error">Live updates stopped: {describeError(live.streamError)}</p> : null}
      <Section title="Training curves (live)">
        <div className="charts">
          <MetricChart title="Loss" series={LOSS} points={loss} />
          <MetricChart title="Token accuracy" series={ACCURACY} points={accuracy} />
        </div>
      </Section>
      {result.data && (
        <Section title="Result">
          <p>
            Fine-tuned model: <code>{result.data.fine_tuned_model}</code> ({result.data.kind})
          </p>
          <ul aria-label="Downloads">
            {result.data.files.map((f) => (
              <li key={f.name}>
                <a href={f.url} download={f.name}>
                  Download {f.name}
                </a>{' '}
                ({bytes(f.bytes)})
              </li>
            ))}
            <li>
              <a href={result.data.metrics_csv}>Download metrics CSV</a>
            </li>
          </ul>
        </Section>
      )}
      {result.data && result.data.evaluations.length > 0 && (
        <Section title="Evaluation: base vs tuned">
          <EvaluationComparison evaluations={result.data.evaluations} />
        </Section>
      )}
      <Section title="Checkpoints">
        <ErrorBanner error={checkpoints.error} />
        {checkpoints.data && <CheckpointTable jobId={id} checkpoints={checkpoints.data.data} canCreate={writable} />}
      </Section>
      {j && j.attempts.length > 0 && (
        <Section title="Attempts">
          <AttemptsTable attempts={j.attempts} />
        </Section>
      )}
      <Section title="Events">
        <ol className="events" aria-live="polite">
          {live.events.map((e) => (
            <li key={e.id} className={`level-${e.level}`}>
              <time>{when(e.created_at)}</time> {e.message}
            </li>
          ))}
        </ol>
      </Section>
      {j && (
        <Section title="Specification">
          <details>
            <summary>Resolved hyperparameters and estimates</summary>
            <pre>{JSON.stringify(j.spec, null, 2)}</pre>
          </details>
        </Section>
      )}
    </>
  );
}
