import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = join(__dirname, '../../..');
const k8sDir = join(root, 'infra/k8s');
const manifests = readdirSync(k8sDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(k8sDir, f));

interface Result {
  file: string;
  kind: string | null;
  name: string | null;
  errors: string[];
}

/** Runs the offline validator (ESM: the schema packages are ESM-only) and returns one result per document. */
function validate(files: string[]): { status: number | null; results: Result[] } {
  const run = spawnSync(process.execPath, [join(__dirname, '../scripts/validate-manifests.mjs'), ...files], { cwd: root, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, results: run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
}

/** The fields the checks below read (each kind has some of them). */
interface Spec {
  scaleTargetRef: { name: string };
  metrics: unknown[];
  triggers: { metadata: { query?: string } }[];
  template: { spec: { containers: { envFrom?: unknown; ports?: unknown }[] } };
}
type Doc = { apiVersion: string; kind: string; metadata: { name: string }; spec?: Spec; data?: Record<string, string> };
const docs: Doc[] = manifests.flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Doc));
const byKind = (kind: string) => docs.filter((d) => d.kind === kind);

describe('infra/k8s manifests', () => {
  it('every document validates against the Kubernetes, KEDA and prometheus-operator schemas', () => {
    const { status, results } = validate(manifests);
    expect(results.filter((r) => r.errors.length)).toEqual([]);
    expect(status).toBe(0);
    expect(results.map((r) => r.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'ScaledObject', 'ConfigMap', 'Job', 'PodMonitor']));
  });

  it('the validator catches wrong types, missing required fields and unknown kinds', () => {
    const { status, results } = validate([join(__dirname, 'fixtures/broken.yaml')]);
    expect(status).toBe(1);
    expect(results).toHaveLength(5);
    for (const result of results) expect(result.errors.length).toBeGreaterThan(0);
    expect(results.map((r) => r.errors[0])).toEqual([
      expect.stringContaining('containerPort must be integer'),
      expect.stringContaining('required property template'),
      expect.stringContaining('required property type'),
      expect.stringContaining('required property maxReplicas'),
      expect.stringContaining('no schema for example.com/v1 Unknown'),
    ]);
  });

  it('scales the API on CPU and every worker pool on its queue depth (KEDA), counting running jobs', () => {
    const api = byKind('HorizontalPodAutoscaler').find((h) => h.spec!.scaleTargetRef.name === 'whetstone-api');
    expect(api?.spec!.metrics).toEqual([expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) })]);
    const workers = byKind('Deployment').filter((d) => d.metadata.name.startsWith('whetstone-worker'));
    expect(workers.length).toBeGreaterThanOrEqual(2);
    for (const worker of workers) {
      const scaler = byKind('ScaledObject').find((s) => s.spec!.scaleTargetRef.name === worker.metadata.name);
      expect(scaler).toBeDefined();
      const queries = scaler!.spec!.triggers.map((t) => t.metadata.query ?? '');
      // Training jobs are prioritized (a sorted set, not the wait list) and running ones must keep their pods.
      expect(queries.join(' ')).toMatch(/whetstone_queue_jobs\{[^}]*state=~"wait\|prioritized\|active"/);
    }
  });

  it('takes configuration from the shared ConfigMap and the operator-created Secret, and exposes a metrics port', () => {
    const config = byKind('ConfigMap').find((c) => c.metadata.name === 'whetstone-config');
    expect(config?.data).toMatchObject({ METRICS_PORT: '9464', S3_BUCKET: expect.any(String) });
    // No credential is committed: they come from the Secret.
    for (const secretName of ['DATABASE_URL', 'REDIS_URL', 'S3_SECRET_ACCESS_KEY', 'ADMIN_TOKEN']) expect(config?.data).not.toHaveProperty(secretName);
    expect(byKind('Secret')).toEqual([]);
    for (const deployment of byKind('Deployment')) {
      const container = deployment.spec!.template.spec.containers[0]!;
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'whetstone-config' } }, { secretRef: { name: 'whetstone-secrets' } }]);
      expect(container.ports).toEqual(expect.arrayContaining([{ name: 'metrics', containerPort: 9464 }]));
    }
  });
});
