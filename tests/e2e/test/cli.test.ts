import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTenant, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { registerDemoModel } from '@whetstone/services';
import { FAST_SFT, waitForJob } from './support/jobs';
import { runCli } from './support/run-cli';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

const prefix = `whetstone-e2e-cli-${process.pid}`;
const webhookEnv = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess;
let receiver: WebhookReceiver;
let baseUrl: string;

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix, ...webhookEnv });
  await registerDemoModel(api.deps);
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, TRAINER_THREADS: '1', WEBHOOK_RELAY_INTERVAL_MS: '100', ...webhookEnv });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await worker?.stop();
  await api?.close();
});

describe('the whetstone CLI against a running platform', () => {
  it('logs in, uploads with progress, trains from a spec, watches it live, downloads the adapter, tests a webhook', async () => {
    const tenant = await createTenant(api.app, 'cli');
    const dir = mkdtempSync(join(tmpdir(), 'whetstone-cli-'));
    const env = { WHETSTONE_CONFIG_DIR: join(dir, 'config') };

    const login = await runCli(['login', '--api-key', tenant.key, '--base-url', baseUrl], env);
    expect(login).toMatchObject({ code: 0 });
    expect(login.stdout).toContain(`Logged in to cli (${tenant.orgId})`);
    expect(statSync(join(dir, 'config/profiles.json')).mode & 0o777).toBe(0o600);

    // From here on the saved profile supplies the key and URL.
    writeFileSync(join(dir, 'train.jsonl'), chatJsonl(40));
    const upload = await runCli(['files', 'upload', join(dir, 'train.jsonl')], env);
    expect(upload.code).toBe(0);
    expect(upload.stderr).toMatch(/upload 100% /);
    expect(upload.stderr).toContain('validation: processed');
    expect(upload.stdout).toMatch(/^file-\S+ {2}train\.jsonl .* processed {2}format=chat/);
    expect(upload.stdout).toContain('examples: 40');
    const fileId = upload.stdout.split(' ')[0]!;

    writeFileSync(join(dir, 'bad.jsonl'), `${chatJsonl(2)}\n{"messages": "nope"}\n`);
    const bad = await runCli(['files', 'upload', join(dir, 'bad.jsonl')], env);
    expect(bad.code).toBe(5);
    expect(bad.stdout).toMatch(/line 3 .*: /);

    const spec = join(dir, 'job.yaml');
    writeFileSync(spec, `model: whetstone/tiny-llama\nsuffix: cli\nmethod:\n  type: supervised\n  supervised:\n    hyperparameters: ${JSON.stringify(FAST_SFT)}\n`);
    const created = await runCli(['jobs', 'create', '--spec', spec, '--file', fileId, '--json'], env);
    expect(created.code).toBe(0);
    const job = JSON.parse(created.stdout);
    expect(job).toMatchObject({ object: 'fine_tuning.job', training_file: fileId, hyperparameters: { n_epochs: 1, batch_size: 4 } });

    const watch = await runCli(['jobs', 'watch', job.id], env);
    expect(watch.code).toBe(0);
    const total = job.spec.estimates.total_steps;
    expect(watch.stderr).toMatch(new RegExp(`step ${total}/${total} \\| train_loss [\\d.]+ \\| valid_loss \\S+ \\| \\d+ tok/s \\| ETA `));
    expect(watch.stderr).toContain('Fine-tuning job started');
    expect(watch.stdout).toContain(`${job.id} succeeded: fine_tuned_model ft:whetstone/tiny-llama:${tenant.orgId}:cli:${job.id}`);

    const list = await runCli(['jobs', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).data.map((j: { id: string }) => j.id)).toEqual([job.id]);
    expect((await runCli(['models', 'list'], env)).stdout).toContain('whetstone/tiny-llama');

    const out = join(dir, 'adapter');
    const download = await runCli(['models', 'download', `ft:whetstone/tiny-llama:${tenant.orgId}:cli:${job.id}`, '--out', out], env);
    expect(download.code).toBe(0);
    expect(download.stderr).toMatch(/download 100% /);
    expect(JSON.parse(readFileSync(join(out, 'adapter_config.json'), 'utf8'))).toMatchObject({ peft_type: 'LORA' });
    expect(existsSync(join(out, 'adapter_model.safetensors'))).toBe(true);

    // Continuing from the fine-tuned model: the dry run names the parent (and keeps its LoRA shape); the lineage is listed.
    const tuned = `ft:whetstone/tiny-llama:${tenant.orgId}:cli:${job.id}`;
    const warm = await runCli(['jobs', 'create', '--model', tuned, '--file', fileId, '--dry-run'], env);
    expect(warm.code).toBe(0);
    expect(warm.stdout).toContain(`dry run (nothing created)\ncontinues from ${tuned} (lora)`);
    const models = (await runCli(['models', 'list'], env)).stdout.split('\n');
    expect(models[0]).toMatch(/LINEAGE/);
    expect(models.find((line) => line.startsWith(tuned))).toContain('whetstone/tiny-llama');
    expect((await runCli(['jobs', 'list'], env)).stdout.split('\n')[0]).toMatch(/CONTINUES_FROM/);

    const endpoint = await api.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: tenant.headers, payload: { url: receiver.url } });
    const test = await runCli(['webhooks', 'test', endpoint.json().id], env);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/^webhook\.test → we-\S+: delivery \S+ delivered: HTTP 200 in \d+ ms\n$/);
    for (let i = 0; i < 100 && !receiver.requests.some((r) => r.body.includes('webhook.test')); i++) await new Promise((r) => setTimeout(r, 100));
    expect(receiver.requests.some((r) => r.body.includes('webhook.test'))).toBe(true);
  });

  it('exits 5 when a watched job ends cancelled or a test webhook is refused; --json output; flags override the environment', async () => {
    const tenant = await createTenant(api.app, 'cli-failures');
    const dir = mkdtempSync(join(tmpdir(), 'whetstone-cli-'));
    const env = { WHETSTONE_CONFIG_DIR: join(dir, 'config'), WHETSTONE_BASE_URL: baseUrl, WHETSTONE_API_KEY: tenant.key };

    writeFileSync(join(dir, 'train.jsonl'), chatJsonl(40));
    const upload = await runCli(['files', 'upload', join(dir, 'train.jsonl'), '--json'], env);
    expect(upload.code).toBe(0);
    const uploaded = JSON.parse(upload.stdout);
    expect(uploaded).toMatchObject({ file: { object: 'file', status: 'processed' }, validation: { object: 'file.validation' } });

    const created = await runCli(['jobs', 'create', '--model', 'whetstone/tiny-llama', '--file', uploaded.file.id, '--epochs', '50', '--batch-size', '4', '--json'], env);
    expect(created.code).toBe(0);
    const jobId = JSON.parse(created.stdout).id as string;
    const watching = runCli(['jobs', 'watch', jobId], env);
    // Long enough for several batches of metrics, so the live line has a measured ETA.
    await waitForJob(api.app, tenant.headers, jobId, 'running step 30', (j) => j.status === 'running' && (j.progress?.step ?? 0) >= 30);
    await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${jobId}/cancel`, headers: tenant.headers });
    const watched = await watching;
    expect(watched.code).toBe(5);
    expect(watched.stdout).toBe(`${jobId} cancelled\n`);
    // The ETA comes from the stream once its steps span a second, else from the server's
    // estimated_finish (re-read every 5 s); the tiny job can reach step 30 before either exists,
    // so the line's shape is checked and the ETA may still be '?'.
    expect(watched.stderr).toMatch(/step \d+\/\d+ \| train_loss [\d.]+ \| valid_loss \S+ \| \d+ tok\/s \| ETA (\d+:\d{2}|\?)\n/);
    expect(watched.stderr).toContain(`error: job ${jobId} cancelled`);

    receiver.respondWith((_req, res) => {
      res.statusCode = 500;
      res.end('nope');
    });
    try {
      const endpoint = await api.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: tenant.headers, payload: { url: receiver.url } });
      const refused = await runCli(['webhooks', 'test', endpoint.json().id], env);
      expect(refused.code).toBe(5);
      expect(refused.stdout).toMatch(/delivery \S+ failed: HTTP 500 .*retrying at /);
      const json = await runCli(['webhooks', 'test', endpoint.json().id, '--json'], env);
      expect(json.code).toBe(5);
      expect(JSON.parse(json.stdout)).toMatchObject({ object: 'webhook_delivery', status: 'pending', attempt_count: 1, last_status_code: 500 });
    } finally {
      receiver.respondWith((_req, res) => res.end('ok'));
    }

    // A flag wins over the environment: a bad --api-key fails even with a good WHETSTONE_API_KEY.
    const overridden = await runCli(['jobs', 'list', '--api-key', 'sk-not-a-real-key-0000000000'], env);
    expect(overridden.code).toBe(3);
  });

  it('prints the API error code and message and exits with the documented codes', async () => {
    const tenant = await createTenant(api.app, 'cli-errors');
    const env = { WHETSTONE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'whetstone-cli-')), WHETSTONE_BASE_URL: baseUrl };
    const noKey = await runCli(['jobs', 'list'], env);
    expect(noKey.code).toBe(3);
    const badKey = await runCli(['jobs', 'list'], { ...env, WHETSTONE_API_KEY: 'sk-not-a-real-key-0000000000' });
    expect(badKey.code).toBe(3);
    expect(badKey.stderr).toMatch(/^error: invalid_api_key: Incorrect API key provided\. \(request req_\S+\)\n$/);
    const withKey = { ...env, WHETSTONE_API_KEY: tenant.key };
    const missing = await runCli(['jobs', 'watch', 'ftjob-missing'], withKey);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^error: not_found: No fine-tuning job found with id 'ftjob-missing'/);
    const usage = await runCli(['jobs', 'create', '--method', 'lora'], withKey);
    expect(usage.code).toBe(2);
    const unknown = await runCli(['jobs', 'frobnicate'], withKey);
    expect(unknown.code).toBe(2);
  });
});
