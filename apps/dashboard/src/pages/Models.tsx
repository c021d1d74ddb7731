import { client, unwrap } from '../api';
import { ErrorBanner, Section, useLoad, when } from '../components/common';
import { Link } from '../router';

/** Base models the organization can train, each with the fine-tuned models made from it (lineage via jobs). */
export function Models() {
  const models = useLoad(async () => unwrap(await client.GET('/v1/models')), []);
  const jobs = useLoad(async () => unwrap(await client.GET('/v1/fine_tuning/jobs', { params: { query: { limit: 100, status: 'succeeded' } } })), []);
  return (
    <>
      <h1>Models</h1>
      <ErrorBanner error={models.error ?? jobs.error} />
      {models.data?.data.map((m) => {
        const tuned = jobs.data?.data.filter((j) => j.model === m.id && j.fine_tuned_model) ?? [];
        return (
          <Section key={m.id} title={m.id}>
            <p>
              {m.kind === 'base' ? 'Base model' : 'Fine-tuned'} · {m.architecture} · {m.parameter_count.toLocaleString()} parameters · context {m.context_length} · owned by {m.owned_by}
            </p>
            {tuned.length > 0 ? (
              <ul className="lineage" aria-label={`Fine-tuned from ${m.id}`}>
                {tuned.map((j) => (
                  <li key={j.id}>
                    <code>{j.fine_tuned_model}</code> ← <Link to={`/jobs/${j.id}`}>{j.id}</Link> ({String(j.training_type.type)}, {when(j.finished_at)})
                  </li>
                ))}
              </ul>
            ) : (
              <p>No fine-tuned models from this base yet.</p>
            )}
          </Section>
        );
      })}
    </>
  );
}
