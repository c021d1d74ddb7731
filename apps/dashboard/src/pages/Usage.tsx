import { client, unwrap } from '../api';
import { ErrorBanner, Section, bytes, useLoad } from '../components/common';

function Meter({ label, used, limit, format = String }: { label: string; used: number; limit: number | null | undefined; format?: (n: number) => string }) {
  return (
    <div className="meter">
      <label>
        {label}: {format(used)} {limit == null ? '(no limit)' : `of ${format(limit)}`}
        {limit != null && <meter min={0} max={limit} value={Math.min(used, limit)} />}
      </label>
    </div>
  );
}

/** Usage this month against the organization's quotas. */
export function Usage() {
  const org = useLoad(async () => unwrap(await client.GET('/v1/organization')), []);
  const o = org.data;
  return (
    <>
      <h1>Usage and quotas</h1>
      <ErrorBanner error={org.error} />
      {o && (
        <Section title={`${o.name} this month`}>
          <Meter label="Trained tokens" used={o.usage.trained_tokens} limit={o.quotas.monthly_trained_tokens} format={(n) => n.toLocaleString()} />
          <Meter label="Storage" used={o.usage.storage_bytes} limit={o.quotas.storage_bytes} format={bytes} />
          <Meter label="Running jobs" used={o.usage.running_jobs} limit={o.quotas.max_concurrent_jobs} />
          <Meter label="Queued jobs" used={o.usage.queued_jobs} limit={o.quotas.max_queued_jobs} />
          <p>
            {o.usage.files} files · {Math.round(o.usage.training_seconds)} s of training
          </p>
        </Section>
      )}
    </>
  );
}
