import { useEffect } from 'react';
import { client, unwrap, type Schemas } from '../api';
import { ErrorBanner, Section, StatusBadge, bytes, useAction, useLoad } from '../components/common';
import { DataTable, type Column } from '../components/DataTable';
import { Link, useRoute } from '../router';
import { canWrite, useSession } from '../session';

// What to do about each error code, shown beside the API's own message.
const FIXES: Record<string, string> = {
  invalid_json: 'Each line must be one complete JSON object.',
  missing_messages: 'Chat examples need a "messages" array.',
  missing_role: 'Give every message a "role" (system, user or assistant).',
  invalid_role: 'Roles are system, user, assistant or tool.',
  missing_content: 'Give every message a "content" string.',
  no_assistant_message: 'Each example needs at least one assistant message to learn from.',
  wrong_type: 'Check the field has the type the format expects.',
  unknown_format: 'Use the chat, prompt/completion or preference format.',
  mixed_formats: 'Keep every line in the same format.',
  insufficient_examples: 'Add more examples.',
};

type ValidationError = NonNullable<Schemas['FileValidation']['report']>['errors']['items'][number];

const ERROR_COLUMNS: Column<ValidationError>[] = [
  { header: 'Line', cell: (e) => e.line ?? '—' },
  { header: 'Field', cell: (e) => <code>{e.pointer || '(line)'}</code> },
  {
    header: 'Reason',
    cell: (e) => (
      <>
        {e.message} <code>{e.code}</code>
      </>
    ),
  },
  { header: 'How to fix', cell: (e) => FIXES[e.code] ?? '' },
];

/** One file: status (live while validating), statistics, and the report with line, field and reason. */
export function FileDetail({ id }: { id: string }) {
  const { role } = useSession();
  const { navigate } = useRoute();
  const file = useLoad(async () => unwrap(await client.GET('/v1/files/{file_id}', { params: { path: { file_id: id } } })), [id]);
  const report = useLoad(async () => unwrap(await client.GET('/v1/files/{file_id}/validation', { params: { path: { file_id: id } } })), [id, file.data?.status]);
  const pending = file.data?.status === 'uploaded' || file.data?.status === 'validating';
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(file.reload, 1000);
    return () => clearInterval(timer);
  }, [pending, file.reload]);
  const remove = useAction(async () => {
    unwrap(await client.DELETE('/v1/files/{file_id}', { params: { path: { file_id: id } } }));
    navigate('/files');
  });

  const r = report.data?.report;
  const stats = r?.statistics;
  const maxCount = Math.max(1, ...(stats?.histogram.map((b) => b.count) ?? [1]));
  return (
    <>
      <p>
        <Link to="/files">← Files</Link>
      </p>
      <ErrorBanner error={file.error} />
      {file.data && (
        <>
          <h1>{file.data.filename}</h1>
          <p>
            <StatusBadge status={file.data.status} /> {bytes(file.data.bytes)} · {file.data.id} {file.data.format && `· ${file.data.format}`}
          </p>
          {canWrite(role) && (
            <button type="button" className="danger" onClick={() => window.confirm('Delete this file?') && void remove.run()}>
              Delete file
            </button>
          )}
          <ErrorBanner error={remove.error} />
        </>
      )}
      {r && (
        <>
          <Section title="Statistics">
            <dl className="stats">
              <dt>Examples</dt>
              <dd data-testid="examples">{r.examples}</dd>
              <dt>Total {stats?.length_unit}</dt>
              <dd>{stats?.length?.total ?? '—'}</dd>
              <dt>Per example (p50 / p95 / max)</dt>
              <dd>{stats?.length ? `${stats.length.p50} / ${stats.length.p95} / ${stats.length.max}` : '—'}</dd>
              <dt>Trained (billed) tokens per epoch</dt>
              <dd>{stats?.trained_tokens_per_epoch ?? '—'}</dd>
              <dt>Loss-bearing tokens per epoch</dt>
              <dd>{stats?.loss_tokens_per_epoch ?? '—'}</dd>
              {stats?.estimated_cost?.map((c) => (
                <span key={c.model} className="stat-pair">
                  <dt>Estimated cost ({c.model}, {stats.epochs} epochs)</dt>
                  <dd>${c.usd.toFixed(4)}</dd>
                </span>
              ))}
            </dl>
            {stats && stats.histogram.length > 0 && (
              <figure>
                <figcaption>Examples by length ({stats.length_unit})</figcaption>
                <ul className="histogram">
                  {stats.histogram.map((b) => (
                    <li key={b.min}>
                      <span className="bucket">
                        {b.min}–{b.max ?? '∞'}
                      </span>
                      <span className="bar" style={{ width: `${(b.count / maxCount) * 100}%` }} aria-hidden="true" />
                      <span>{b.count}</span>
                    </li>
                  ))}
                </ul>
              </figure>
            )}
          </Section>
          <Section title={`Errors (${r.errors.total})`}>
            {r.errors.total === 0 ? (
              <p>No errors: the file is ready to train on.</p>
            ) : (
              <DataTable label="Validation errors" columns={ERROR_COLUMNS} rows={r.errors.items} rowKey={(_, i) => i} />
            )}
            {r.errors.truncated && <p>Only the first {r.errors.items.length} errors are listed.</p>}
          </Section>
          {r.warnings.length > 0 && (
            <Section title="Warnings">
              <ul>
                {r.warnings.map((w) => (
                  <li key={w.code}>
                    <code>{w.code}</code>: {w.message}
                  </li>
                ))}
              </ul>
            </Section>
          )}
        </>
      )}
    </>
  );
}
