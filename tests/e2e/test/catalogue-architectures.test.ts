import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerDemoModel } from '@whetstone/services';
import { buildTinyModel, decodeSafetensors, expectedWeightShapes, LORA_TARGETABLE_MODULES, SUPPORTED_MODEL_TYPES, writeTinyModelFolder, type LoraTargetModule } from '@whetstone/trainer';
import { createTenant, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { processedFile } from '../../../apps/api/test/support/fixtures';
import { uploadModelFolder } from '../../../apps/api/test/support/model-upload';
import { FAST_SFT, waitForJob } from './support/jobs';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

const prefix = `whetstone-e2e-catalogue-${process.pid}`;
let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess;
const folders: string[] = [];

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix });
  await registerDemoModel(api.deps); // counts tokens at upload
  worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'training', TRAINER_THREADS: '1' });
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
  folders.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const get = (tenant: Tenant, url: string) => api.app.inject({ method: 'GET', url, headers: tenant.headers });
const SEED = 41;

/** A tiny model of `modelType` imported through the admin API as the tenant's private model. */
async function importTiny(tenant: Tenant, modelType: (typeof SUPPORTED_MODEL_TYPES)[number]): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), `whetstone-e2e-${modelType}-`));
  folders.push(dir);
  await writeTinyModelFolder(dir, { seed: SEED, modelType });
  const name = `tiny/${modelType}`;
  const res = await uploadModelFolder(api.app, dir, { name, organization: tenant.orgId });
  if (res.statusCode !== 200) throw new Error(res.body);
  return name;
}

async function train(tenant: Tenant, model: string, extra: object): Promise<string> {
  const file = await processedFile(api.app, api.deps, tenant, chatJsonl(16));
  const res = await api.app.inject({
    method: 'POST',
    url: '/v1/fine_tuning/jobs',
    headers: tenant.headers,
    payload: { model, training_file: file, suffix: 'arch', hyperparameters: { ...FAST_SFT, max_steps: 2 }, ...extra },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  const id = res.json().id as string;
  await waitForJob(api.app, tenant.headers, id, 'succeeded', (j) => j.status === 'succeeded', 120_000);
  return id;
}

async function download(tenant: Tenant, jobId: string, file: string): Promise<Buffer> {
  const result = (await get(tenant, `/v1/fine_tuning/jobs/${jobId}/result`)).json();
  const entry = result.files.find((f: { name: string }) => f.name === file);
  if (!entry) throw new Error(`${file} not in the result: ${JSON.stringify(result.files.map((f: { name: string }) => f.name))}`);
  return Buffer.from(await (await fetch(entry.url)).arrayBuffer());
}

const shapesOf = (bytes: Buffer) => new Map([...decodeSafetensors(bytes).tensors].map(([name, t]) => [name, t.shape]));

describe.each(SUPPORTED_MODEL_TYPES)('a %s model imported through the catalogue', (modelType) => {
  it('trains a LoRA job through the API and a worker; the adapter has the PEFT layout of the architecture', async () => {
    const tenant = await createTenant(api.app, `arch-${modelType}`);
    const model = await importTiny(tenant, modelType);
    const targets: LoraTargetModule[] = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'];
    const id = await train(tenant, model, { training_type: { type: 'lora', r: 4, alpha: 8, dropout: 0, target_modules: targets } });

    const config = JSON.parse((await download(tenant, id, 'adapter_config.json')).toString('utf8'));
    expect(config).toMatchObject({ peft_type: 'LORA', task_type: 'CAUSAL_LM', r: 4, lora_alpha: 8, base_model_name_or_path: model });
    expect([...config.target_modules].sort()).toEqual([...targets].sort());

    // PEFT names every adapted Linear base_model.model.<module>.lora_{A,B}.weight: A is [r, in], B is [out, r].
    const base = buildTinyModel({ seed: SEED, modelType }).config;
    const expected = new Map<string, number[]>();
    for (const [name, shape] of expectedWeightShapes(base)) {
      const match = /^(model\.layers\.\d+\.(self_attn|mlp)\.(\w+))\.weight$/.exec(name);
      if (!match || !targets.includes(match[3] as LoraTargetModule) || LORA_TARGETABLE_MODULES[match[3] as LoraTargetModule] !== match[2]) continue;
      const [out, inF] = shape as [number, number];
      expected.set(`base_model.model.${match[1]}.lora_A.weight`, [4, inF]);
      expected.set(`base_model.model.${match[1]}.lora_B.weight`, [out, 4]);
    }
    expect(expected.size).toBe(2 * targets.length * base.num_hidden_layers);
    expect(shapesOf(await download(tenant, id, 'adapter_model.safetensors'))).toEqual(expected);

    const events = (await get(tenant, `/v1/fine_tuning/jobs/${id}/events?limit=100`)).json().data as { message: string; data: Record<string, unknown> | null }[];
    expect(events.find((e) => e.message.startsWith(`Base model ${model} `))?.data).toMatchObject({ model, from_cache: false, bytes: expect.any(Number) });
  });
});

describe('full fine-tuning and fine-tuned models through the catalogue', () => {
  it('delivers full weights in the Qwen2 layout (biases included) and lists, hides and deletes the fine-tuned model', async () => {
    const tenant = await createTenant(api.app, 'arch-full');
    const other = await createTenant(api.app, 'arch-other');
    const model = await importTiny(tenant, 'qwen2');
    const id = await train(tenant, model, { training_type: { type: 'full' } });

    const base = buildTinyModel({ seed: SEED, modelType: 'qwen2' }).config;
    expect(shapesOf(await download(tenant, id, 'model.safetensors'))).toEqual(expectedWeightShapes(base));
    expect(JSON.parse((await download(tenant, id, 'config.json')).toString('utf8'))).toMatchObject({ model_type: 'qwen2', hidden_size: base.hidden_size });

    const job = (await get(tenant, `/v1/fine_tuning/jobs/${id}`)).json();
    const ft = job.fine_tuned_model as string;
    const listed = (await get(tenant, '/v1/models')).json().data;
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ id: ft, object: 'model', kind: 'fine_tuned', owned_by: tenant.orgId, parent: model, fine_tuning_job: id })]));
    expect((await get(tenant, `/v1/models/${ft}`)).json()).toMatchObject({ id: ft, kind: 'fine_tuned', artifact: 'full_weights' });
    expect((await get(other, '/v1/models')).json().data.map((m: { id: string }) => m.id)).not.toContain(ft);
    for (const res of [await get(other, `/v1/models/${ft}`), await api.app.inject({ method: 'DELETE', url: `/v1/models/${ft}`, headers: other.headers })]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('model_not_found');
    }

    const stored = await api.deps.db.fineTunedModel.findFirstOrThrow({ where: { name: ft } });
    expect((await api.deps.store.list(stored.storagePrefix)).length).toBeGreaterThan(0);
    const deleted = await api.app.inject({ method: 'DELETE', url: `/v1/models/${ft}`, headers: tenant.headers });
    expect(deleted.json()).toEqual({ id: ft, object: 'model', deleted: true });
    expect(await api.deps.store.list(stored.storagePrefix)).toEqual([]);
    expect((await get(tenant, `/v1/models/${ft}`)).statusCode).toBe(404);
    expect((await get(tenant, '/v1/models')).json().data.map((m: { id: string }) => m.id)).not.toContain(ft);
    // The job keeps its record and says what happened to its model.
    expect((await get(tenant, `/v1/fine_tuning/jobs/${id}`)).json()).toMatchObject({ status: 'succeeded', fine_tuned_model: ft });
    const events = (await get(tenant, `/v1/fine_tuning/jobs/${id}/events`)).json().data.map((e: { message: string }) => e.message);
    expect(events).toContain(`The fine-tuned model ${ft} was deleted`);
    const result = await get(tenant, `/v1/fine_tuning/jobs/${id}/result`);
    expect(result.statusCode).toBe(410);
    expect(result.json().error.code).toBe('model_deleted');
  });
});
