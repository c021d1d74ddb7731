import { newId } from '@whetstone/common';
import { registerDemoModel } from '@whetstone/services';
import { objectKeys } from '@whetstone/storage';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

/**
 * Warm starts at the API: a job's `model` may name a fine-tuned model or one of its checkpoints.
 * The parents here are jobs finished the way the worker finishes them (model row, checkpoint row);
 * the training itself is covered by the trainer's warm-start test and the SDK e2e test.
 */
const MODEL = 'whetstone/tiny-llama';
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-warm-start-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const post = (tenant: Tenant, url: string, payload?: object) => api.app.inject({ method: 'POST', url, headers: tenant.headers, ...(payload ? { payload } : {}) });
const get = (tenant: Tenant, url: string) => api.app.inject({ method: 'GET', url, headers: tenant.headers });
const LORA = { type: 'lora', r: 4, alpha: 8, target_modules: ['q_proj', 'v_proj'] };

/** Creates a job and finishes it as the worker would: checkpoints at steps 2 and 4, the model registered. */
async function finishedJob(tenant: Tenant, file: string, body: object = {}): Promise<{ id: string; name: string }> {
  const res = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: file, training_type: LORA, ...body });
  expect(res.statusCode).toBe(200);
  const job = res.json() as { id: string; training_type: { type: string } };
  const checkpoints = (await get(tenant, `/v1/fine_tuning/jobs/${job.id}/checkpoints`)).json();
  expect(checkpoints.data).toEqual([]);
  const row = await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: job.id }, include: { baseModel: true } });
  const name = `ft:${row.baseModel.name}:${tenant.orgId}::${job.id}`;
  for (const step of [2, 4]) {
    await api.deps.db.checkpoint.create({
      data: { id: newId('checkpoint'), organizationId: tenant.orgId, jobId: job.id, step, storagePrefix: objectKeys.checkpoint(tenant.orgId, job.id, step), metrics: { step } },
    });
  }
  await api.deps.db.fineTuningJob.update({ where: { id: job.id }, data: { status: 'succeeded', fineTunedModel: name, finishedAt: new Date() } });
  await api.deps.db.fineTunedModel.create({
    data: {
      id: newId('fineTunedModel'),
      organizationId: tenant.orgId,
      name,
      baseModelId: row.baseModelId,
      jobId: job.id,
      kind: job.training_type.type === 'lora' ? 'lora_adapter' : 'full_weights',
      storagePrefix: objectKeys.jobResult(tenant.orgId, job.id),
    },
  });
  return { id: job.id, name };
}

describe('warm starts: a fine-tuned model or a checkpoint as the model', () => {
  let tenant: Tenant;
  let file: string;
  let lora: { id: string; name: string };
  let full: { id: string; name: string };
  beforeAll(async () => {
    tenant = await createTenant(api.app, 'warm');
    file = await processedFile(api.app, api.deps, tenant, chatJsonl(30));
    lora = await finishedJob(tenant, file);
    full = await finishedJob(tenant, file, { training_type: { type: 'full' } });
  });

  it("continues a fine-tuned model on its base model with the parent's adapter shape, recording the lineage", async () => {
    const res = await post(tenant, '/v1/fine_tuning/jobs', { model: lora.name, training_file: file });
    expect(res.statusCode).toBe(200);
    const job = res.json();
    expect(job).toMatchObject({ model: lora.name, parent_model: lora.name, parent_fine_tuning_job: lora.id, status: 'queued' });
    expect(job.training_type).toMatchObject({ type: 'lora', r: 4, alpha: 8, target_modules: ['q_proj', 'v_proj'] });
    const row = await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: job.id }, include: { baseModel: true } });
    expect(row).toMatchObject({ parentModel: lora.name, parentJobId: lora.id, parentCheckpointStep: null });
    expect(row.baseModel.name).toBe(MODEL);
    const events = (await get(tenant, `/v1/fine_tuning/jobs/${job.id}/events?limit=100`)).json().data as { message: string }[];
    expect(events.map((e) => e.message)).toContain(`Continues from ${lora.name} (base model ${MODEL})`);
    // Its checkpoints and its model are named after the base model, not ft:ft:….
    await api.deps.db.checkpoint.create({
      data: { id: newId('checkpoint'), organizationId: tenant.orgId, jobId: job.id, step: 1, storagePrefix: objectKeys.checkpoint(tenant.orgId, job.id, 1), metrics: { step: 1 } },
    });
    const checkpoints = (await get(tenant, `/v1/fine_tuning/jobs/${job.id}/checkpoints`)).json();
    expect(checkpoints.data[0].fine_tuned_model_checkpoint).toBe(`ft:${MODEL}:${tenant.orgId}::${job.id}:ckpt-step-1`);
  });

  it('continues from a checkpoint id, and a dry run names the parent', async () => {
    const checkpoint = `${lora.name}:ckpt-step-2`;
    const dry = await post(tenant, '/v1/fine_tuning/jobs?dry_run=true', { model: checkpoint, training_file: file });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ parent_model: checkpoint, spec: { training_type: { type: 'lora', r: 4 } } });
    const res = await post(tenant, '/v1/fine_tuning/jobs', { model: checkpoint, training_file: file, method: { type: 'dpo' } });
    // DPO needs a preference file: the warm start itself was accepted, the file is what is refused.
    expect(res.json().error).toMatchObject({ code: 'invalid_file_format', param: 'training_file' });
    const ok = await post(tenant, '/v1/fine_tuning/jobs', { model: checkpoint, training_file: file });
    expect(ok.json()).toMatchObject({ model: checkpoint, parent_model: checkpoint, parent_fine_tuning_job: lora.id });
    expect((await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: ok.json().id } })).parentCheckpointStep).toBe(2);
  });

  it('refuses a LoRA shape other than the parent adapter, and LoRA over a fully tuned parent, with clear 400s', async () => {
    const rank = await post(tenant, '/v1/fine_tuning/jobs', { model: lora.name, training_file: file, training_type: { ...LORA, r: 16 } });
    expect(rank.statusCode).toBe(400);
    expect(rank.json().error).toMatchObject({ type: 'invalid_request_error', code: 'incompatible_parent_model', param: 'training_type.r' });
    expect(rank.json().error.message).toContain('rank 4, not 16');
    const targets = await post(tenant, '/v1/fine_tuning/jobs', { model: lora.name, training_file: file, training_type: { ...LORA, target_modules: 'all-linear' } });
    expect(targets.json().error).toMatchObject({ code: 'incompatible_parent_model', param: 'training_type.target_modules' });
    const loraOverFull = await post(tenant, '/v1/fine_tuning/jobs', { model: full.name, training_file: file, training_type: LORA });
    expect(loraOverFull.statusCode).toBe(400);
    expect(loraOverFull.json().error).toMatchObject({ code: 'incompatible_parent_model', param: 'training_type.type' });
    // Full over full continues; full over LoRA starts from the merged weights.
    expect((await post(tenant, '/v1/fine_tuning/jobs', { model: full.name, training_file: file })).json().training_type).toEqual({ type: 'full' });
    expect((await post(tenant, '/v1/fine_tuning/jobs', { model: lora.name, training_file: file, training_type: { type: 'full' } })).statusCode).toBe(200);
  });

  it("answers another tenant's model or checkpoint, a missing step and a forged name with 404 model_not_found", async () => {
    const other = await createTenant(api.app, 'other');
    const otherFile = await processedFile(api.app, api.deps, other, chatJsonl(30));
    for (const [who, model, training_file] of [
      [other, lora.name, otherFile],
      [other, `${lora.name}:ckpt-step-2`, otherFile],
      [tenant, `${lora.name}:ckpt-step-3`, file],
      [tenant, `ft:${MODEL}:${tenant.orgId}:forged:${lora.id}:ckpt-step-2`, file],
      [tenant, `ft:${MODEL}:${tenant.orgId}::ftjob-missing`, file],
    ] as const) {
      const res = await post(who, '/v1/fine_tuning/jobs', { model, training_file });
      expect({ model, status: res.statusCode }).toEqual({ model, status: 404 });
      expect(res.json().error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
    }
  });

  it('shows the lineage on the model object, base model first', async () => {
    const child = (await post(tenant, '/v1/fine_tuning/jobs', { model: `${lora.name}:ckpt-step-4`, training_file: file })).json();
    const name = `ft:${MODEL}:${tenant.orgId}::${child.id}`;
    await api.deps.db.fineTunedModel.create({
      data: { id: newId('fineTunedModel'), organizationId: tenant.orgId, name, baseModelId: (await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: child.id } })).baseModelId, jobId: child.id, kind: 'lora_adapter', storagePrefix: objectKeys.jobResult(tenant.orgId, child.id) },
    });
    const grandchild = (await post(tenant, '/v1/fine_tuning/jobs', { model: name, training_file: file })).json();
    expect(grandchild.parent_model).toBe(name);
    const model = (await get(tenant, `/v1/models/${encodeURIComponent(name)}`)).json();
    expect(model).toMatchObject({ id: name, kind: 'fine_tuned', parent: MODEL, parent_model: `${lora.name}:ckpt-step-4`, lineage: [MODEL, `${lora.name}:ckpt-step-4`] });
    const parent = (await get(tenant, `/v1/models/${encodeURIComponent(lora.name)}`)).json();
    expect(parent).toMatchObject({ parent_model: null, lineage: [MODEL] });
    const listed = (await get(tenant, '/v1/models')).json().data as { id: string; lineage?: string[] }[];
    expect(listed.find((m) => m.id === name)?.lineage).toEqual([MODEL, `${lora.name}:ckpt-step-4`]);
  });
});
