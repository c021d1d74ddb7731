import { client, unwrap, type Schemas } from '../api';
import { ErrorBanner, Section, useLoad, when } from '../components/common';
import { Link } from '../router';

type Model = Schemas['Model'];
type FineTuned = Schemas['FineTunedModel'];

/** Where a model hangs in the tree: the fine-tuned model it continued (a checkpoint's model), else its base model. */
function treeParent(m: FineTuned, all: FineTuned[]): string {
  const parent = m.parent_model?.replace(/:ckpt-step-\d+$/, '');
  return parent && all.some((other) => other.id === parent) ? parent : m.parent;
}

/** Fine-tuned models made from `parent` (a base model or another fine-tuned one), as a tree. */
function Descendants({ parent, all }: { parent: string; all: FineTuned[] }) {
  const children = all.filter((m) => treeParent(m, all) === parent);
  if (children.length === 0) return null;
  return (
    <ul className="lineage" aria-label={`Fine-tuned from ${parent}`}>
      {children.map((m) => (
        <li key={m.id}>
          <code>{m.id}</code> ← <Link to={`/jobs/${m.fine_tuning_job}`}>{m.fine_tuning_job}</Link> ({m.artifact}, {when(m.created)})
          {m.parent_model && m.parent_model !== parent && (
            <>
              {' '}
              · continued from <code>{m.parent_model}</code>
            </>
          )}
          <Descendants parent={m.id} all={all} />
        </li>
      ))}
    </ul>
  );
}

/** Base models visible to the organization, each with the lineage of fine-tuned models built on it. */
export function Models() {
  const models = useLoad(async () => unwrap(await client.GET('/v1/models')), []);
  const all: Model[] = models.data?.data ?? [];
  const tuned = all.filter((m): m is FineTuned => m.kind === 'fine_tuned');
  return (
    <>
      <h1>Models</h1>
      <ErrorBanner error={models.error} />
      {all.map((m) =>
        m.kind !== 'base' ? null : (
          <Section key={m.id} title={m.display_name ?? m.id}>
            <p>
              <code>{m.id}</code> · {m.architecture} · {m.parameter_count.toLocaleString()} parameters · context {m.context_length} · {m.visibility} · owned by {m.owned_by}
            </p>
            {tuned.some((t) => treeParent(t, tuned) === m.id) ? <Descendants parent={m.id} all={tuned} /> : <p>No fine-tuned models from this base yet.</p>}
          </Section>
        ),
      )}
    </>
  );
}
