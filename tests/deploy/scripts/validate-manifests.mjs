// Validates Kubernetes manifests offline against the API schemas shipped in npm packages:
// kubernetes-models (the Kubernetes OpenAPI), @kubernetes-models/keda and
// @kubernetes-models/prometheus-operator (their CRDs). ESM because those packages are ESM-only.
//   node tests/deploy/scripts/validate-manifests.mjs infra/k8s/*.yaml
// Prints one JSON line per document ({file, index, kind, name, errors}) and exits 1 if any fails.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** apiVersion → the module holding its kinds. */
function modulePath(apiVersion) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'keda.sh') return `@kubernetes-models/keda/keda.sh/${version}`;
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}`;
  return group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
}

async function validateDocument(doc) {
  if (!doc || typeof doc !== 'object' || !doc.apiVersion || !doc.kind) return ['not a Kubernetes object (apiVersion and kind are required)'];
  let Model;
  try {
    Model = (await import(modulePath(doc.apiVersion)))[doc.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) return [`no schema for ${doc.apiVersion} ${doc.kind}`];
  try {
    new Model(doc).validate();
    return [];
  } catch (err) {
    return [String(err.message ?? err)];
  }
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  for (const [index, document] of documents.entries()) {
    const parseErrors = document.errors.map((e) => e.message);
    const doc = document.toJS();
    const errors = parseErrors.length ? parseErrors : await validateDocument(doc);
    if (errors.length) failed = true;
    console.log(JSON.stringify({ file, index, kind: doc?.kind ?? null, name: doc?.metadata?.name ?? null, errors }));
  }
}
process.exit(failed ? 1 : 0);
