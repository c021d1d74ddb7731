import { useEffect, useState, type FormEvent } from 'react';
import { client, unwrap, type Schemas } from '../api';
import { ErrorBanner, Section, StatusBadge, useAction, useLoad, when } from '../components/common';
import { DataTable, type Column } from '../components/DataTable';
import { canWrite, useSession } from '../session';

const PENDING_REFRESH_MS = 1000;

/**
 * An endpoint's deliveries, newest first. Reloaded when the endpoint changes (`version`: a test
 * event was sent) and every second while one is still pending, so its outcome shows up by itself.
 */
function Deliveries({ endpoint, writable, version }: { endpoint: Schemas['WebhookEndpoint']; writable: boolean; version: number }) {
  const path = { endpoint_id: endpoint.id };
  const deliveries = useLoad(async () => unwrap(await client.GET('/v1/webhook_endpoints/{endpoint_id}/deliveries', { params: { path } })), [endpoint.id, version]);
  const pending = deliveries.data?.data.some((d) => d.status === 'pending') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(deliveries.reload, PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [pending, deliveries.data, deliveries.reload]);
  const replay = useAction(async (deliveryId: string) => {
    unwrap(await client.POST('/v1/webhook_endpoints/{endpoint_id}/deliveries/{delivery_id}/replay', { params: { path: { ...path, delivery_id: deliveryId } } }));
    deliveries.reload();
  });
  const columns: Column<Schemas['WebhookDelivery']>[] = [
    { header: 'Event', cell: (d) => d.event_type },
    { header: 'Status', cell: (d) => <StatusBadge status={d.status} /> },
    { header: 'Attempts', cell: (d) => d.attempt_count },
    { header: 'Response', cell: (d) => `${d.last_status_code ?? '—'} ${d.last_error ?? ''} ${d.last_latency_ms != null ? `${d.last_latency_ms} ms` : ''}` },
    { header: 'Created', cell: (d) => when(d.created_at) },
    {
      header: null,
      cell: (d) =>
        writable && (
          <button type="button" onClick={() => void replay.run(d.id)} disabled={replay.pending || d.status === 'pending'} aria-label={`Replay ${d.event_type} delivery ${d.id}`}>
            Replay
          </button>
        ),
    },
  ];
  return (
    <>
      <ErrorBanner error={deliveries.error ?? replay.error} />
      <DataTable label={`Deliveries to ${endpoint.url}`} columns={columns} rows={deliveries.data?.data} rowKey={(d) => d.id} />
      <button type="button" onClick={deliveries.reload}>
        Refresh deliveries
      </button>
    </>
  );
}

/** Webhook endpoints: add, test, rotate the secret (shown once), deliveries with replay. */
export function Webhooks() {
  const { role } = useSession();
  const writable = canWrite(role);
  const endpoints = useLoad(async () => unwrap(await client.GET('/v1/webhook_endpoints')), []);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const add = useAction(async () => {
    const created = unwrap(await client.POST('/v1/webhook_endpoints', { body: { url } }));
    setSecret(created.secret);
    setUrl('');
    endpoints.reload();
  });
  const act = useAction(async (id: string, action: 'test' | 'rotate' | 'delete') => {
    const params = { params: { path: { endpoint_id: id } } };
    if (action === 'test') unwrap(await client.POST('/v1/webhook_endpoints/{endpoint_id}/test', params));
    if (action === 'rotate') setSecret(unwrap(await client.POST('/v1/webhook_endpoints/{endpoint_id}/rotate_secret', { ...params, body: {} })).secret);
    if (action === 'delete') unwrap(await client.DELETE('/v1/webhook_endpoints/{endpoint_id}', params));
    setVersion((v) => v + 1);
    endpoints.reload();
  });
  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    void add.run();
  };
  return (
    <>
      <h1>Webhooks</h1>
      {writable && (
        <Section title="Add an endpoint">
          <form onSubmit={onAdd}>
            <label>
              HTTPS URL
              <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/whetstone" />
            </label>
            <button type="submit" disabled={add.pending}>
              Add endpoint
            </button>
          </form>
          <ErrorBanner error={add.error} />
        </Section>
      )}
      {secret && (
        <p role="status" className="secret">
          Signing secret (shown once): <code>{secret}</code>
        </p>
      )}
      <ErrorBanner error={endpoints.error ?? act.error} />
      {endpoints.data?.data.map((e) => (
        <Section
          key={e.id}
          title={e.url}
          actions={
            writable ? (
              <div className="buttons">
                <button type="button" onClick={() => void act.run(e.id, 'test')}>
                  Send test event
                </button>
                <button type="button" onClick={() => void act.run(e.id, 'rotate')}>
                  Rotate secret
                </button>
                <button type="button" className="danger" onClick={() => window.confirm('Delete this endpoint?') && void act.run(e.id, 'delete')}>
                  Delete
                </button>
              </div>
            ) : undefined
          }
        >
          <p>
            {e.enabled ? 'Enabled' : `Disabled${e.disabled_reason ? `: ${e.disabled_reason}` : ''}`} · events: {e.event_types.length ? e.event_types.join(', ') : 'all'} · {e.id}
          </p>
          <Deliveries endpoint={e} writable={writable} version={version} />
        </Section>
      ))}
    </>
  );
}
