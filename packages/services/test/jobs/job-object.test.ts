import type { FineTuningJob, JobAttempt } from '@whetstone/db';
import { opaqueWorkerId, toJobObject } from '../../src/jobs/job-object';

// Jobs in every status, as their rows come back (Prisma's shape), with the exact JSON each object
// must produce: key order included, since the API writes nested records (method, spec) as they are.
const at = (iso: string) => new Date(iso);
const hyperparameters = {
  n_epochs: 3,
  max_steps: null,
  batch_size: 4,
  warmup_ratio: 0,
  warmup_steps: null,
  weight_decay: 0,
  learning_rate: 0.0002,
  max_grad_norm: 1,
  max_seq_length: 64,
  learning_rate_scheduler: 'linear',
  learning_rate_multiplier: 1,
  gradient_accumulation_steps: 1,
};
const spec = (method: 'supervised' | 'dpo') => ({
  method,
  estimates: { total_steps: 9, train_examples: 36, estimated_cost_usd: 0.00012179999999999999 },
  validation: { source: 'split', fraction: 0.1 },
  training_type: { r: 8, type: 'lora', alpha: 16, dropout: 0.05, target_modules: ['q_proj', 'v_proj'] },
  early_stopping: null,
  hyperparameters: method === 'dpo' ? { beta: 0.1, ...hyperparameters, loss_type: 'sigmoid', label_smoothing: 0 } : hyperparameters,
});

function job(overrides: Partial<FineTuningJob> & { attempts?: JobAttempt[] }): FineTuningJob & { attempts?: JobAttempt[] } {
  return {
    id: 'ftjob-01',
    organizationId: 'org-01',
    baseModelId: 'model-01',
    model: 'whetstone/tiny-llama',
    trainingFileId: 'file-01',
    validationFileId: null,
    method: 'supervised',
    trainingType: 'lora',
    requested: { model: 'whetstone/tiny-llama', training_file: 'file-01' },
    spec: spec('supervised'),
    status: 'queued',
    error: null,
    progress: null,
    suffix: null,
    seed: 42,
    metadata: null,
    priority: 0,
    workerClass: 'default',
    fineTunedModel: null,
    trainedTokens: 0n,
    cancelRequested: false,
    pauseRequested: false,
    estimatedFinish: null,
    createdAt: at('2026-12-07T10:00:00.250Z'),
    updatedAt: at('2026-12-07T10:00:01.000Z'),
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    dispatchCount: 0,
    dispatchedAt: null,
    resultFileId: null,
    traceparent: null,
    parentCheckpointStep: null,
    parentJobId: null,
    parentModel: null,
    ...overrides,
  } as FineTuningJob & { attempts?: JobAttempt[] };
}

const attempt = (number: number, endReason: string | null, endedAt: string | null): JobAttempt =>
  ({ id: `att-${number}`, jobId: 'ftjob-01', number, workerId: `host-a:${number}`, fromStep: (number - 1) * 10, toStep: endedAt ? number * 10 : null, endReason, startedAt: at(`2026-12-07T10:0${number}:00Z`), endedAt: endedAt ? at(endedAt) : null }) as unknown as JobAttempt;

const cases: [string, Parameters<typeof toJobObject>][] = [
  [
    'validating_files, DPO: hyperparameters as asked ("auto" where not given)',
    [job({ status: 'validating_files', method: 'dpo', spec: spec('dpo'), requested: { method: { type: 'dpo', dpo: { hyperparameters: { n_epochs: 2, beta: 'auto' } } } } })],
  ],
  ['queued, with its queue position', [job({ status: 'queued', queuedAt: at('2026-12-07T10:00:02Z') }), { position: 3, estimated_start: 1796680000 }]],
  [
    'running, with progress, metadata and two attempts (the first ended in an error)',
    [
      job({
        status: 'running',
        startedAt: at('2026-12-07T10:01:00.999Z'),
        estimatedFinish: at('2026-12-07T11:00:00Z'),
        progress: { step: 4, epoch: 0.4444444444444444, total_steps: 9 },
        metadata: { team: 'search', run: '7' },
        suffix: 'nightly',
        trainedTokens: 541n,
        attempts: [attempt(1, 'error: CUDA out of memory at /srv/worker', '2026-12-07T10:01:30Z'), attempt(2, null, null)],
      }),
    ],
  ],
  [
    'succeeded, with its model and result file',
    [job({ status: 'succeeded', fineTunedModel: 'ft:tiny-llama:org-01::abc', resultFileId: 'file-02', trainedTokens: 0n, startedAt: at('2026-12-07T10:01:00Z'), finishedAt: at('2026-12-07T10:05:00Z'), attempts: [attempt(1, 'completed', '2026-12-07T10:05:00Z')] })],
  ],
  [
    'failed with a tenant-facing error',
    [job({ status: 'failed', error: { code: 'invalid_training_data', param: null, message: 'Line 12: the last message must be from the assistant.' }, finishedAt: at('2026-12-07T10:02:00Z') })],
  ],
  ['failed with a recorded internal error (its text hidden)', [job({ status: 'failed', error: { code: 'internal_error', param: null, message: 'ECONNRESET at db.ts:12' }, finishedAt: at('2026-12-07T10:02:00Z') })]],
  [
    'cancelled, a warm start from a parent job',
    [job({ status: 'cancelled', parentJobId: 'ftjob-00', parentModel: 'ft:tiny-llama:org-01::parent', validationFileId: 'file-03', priority: 5, finishedAt: at('2026-12-07T10:03:00Z') })],
  ],
  ['paused, DPO', [job({ status: 'paused', method: 'dpo', spec: spec('dpo'), trainedTokens: 100n, attempts: [attempt(1, 'paused', '2026-12-07T10:01:40Z')] })]],
];

const worker = (n: number) => opaqueWorkerId(`host-a:${n}`);
// Written by the implementation before its hot-path rewrite (the rest/spread merge of hyperparameters): the bytes must not move,
// except the DPO validating_files case's method beta, which said the resolved 0.1 while the top level said "auto".
const golden: Record<string, string> = {
  "validating_files, DPO: hyperparameters as asked (\"auto\" where not given)":
    "{\"id\":\"ftjob-01\",\"object\":\"fine_tuning.job\",\"created_at\":1796637600,\"error\":null,\"fine_tuned_model\":null,\"finished_at\":null,\"hyperparameters\":{\"n_epochs\":2,\"batch_size\":\"auto\",\"learning_rate_multiplier\":\"auto\",\"beta\":\"auto\"},\"model\":\"whetstone/tiny-llama\",\"organization_id\":\"org-01\",\"result_files\":[],\"seed\":42,\"status\":\"validating_files\",\"trained_tokens\":null,\"training_file\":\"file-01\",\"validation_file\":null,\"estimated_finish\":null,\"integrations\":[],\"metadata\":null,\"user_provided_suffix\":null,\"method\":{\"type\":\"dpo\",\"dpo\":{\"hyperparameters\":{\"n_epochs\":2,\"batch_size\":\"auto\",\"learning_rate_multiplier\":\"auto\",\"beta\":\"auto\",\"max_steps\":null,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"gradient_accumulation_steps\":1,\"loss_type\":\"sigmoid\",\"label_smoothing\":0}}},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"parent_model\":null,\"parent_fine_tuning_job\":null,\"priority\":0,\"spec\":{\"method\":\"dpo\",\"estimates\":{\"total_steps\":9,\"train_examples\":36,\"estimated_cost_usd\":0.00012179999999999999},\"validation\":{\"source\":\"split\",\"fraction\":0.1},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"early_stopping\":null,\"hyperparameters\":{\"beta\":0.1,\"n_epochs\":3,\"max_steps\":null,\"batch_size\":4,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"learning_rate_multiplier\":1,\"gradient_accumulation_steps\":1,\"loss_type\":\"sigmoid\",\"label_smoothing\":0}},\"progress\":null,\"queue\":null,\"started_at\":null,\"attempts\":[]}",
  "queued, with its queue position":
    "{\"id\":\"ftjob-01\",\"object\":\"fine_tuning.job\",\"created_at\":1796637600,\"error\":null,\"fine_tuned_model\":null,\"finished_at\":null,\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1},\"model\":\"whetstone/tiny-llama\",\"organization_id\":\"org-01\",\"result_files\":[],\"seed\":42,\"status\":\"queued\",\"trained_tokens\":null,\"training_file\":\"file-01\",\"validation_file\":null,\"estimated_finish\":null,\"integrations\":[],\"metadata\":null,\"user_provided_suffix\":null,\"method\":{\"type\":\"supervised\",\"supervised\":{\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1,\"max_steps\":null,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"gradient_accumulation_steps\":1}}},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"parent_model\":null,\"parent_fine_tuning_job\":null,\"priority\":0,\"spec\":{\"method\":\"supervised\",\"estimates\":{\"total_steps\":9,\"train_examples\":36,\"estimated_cost_usd\":0.00012179999999999999},\"validation\":{\"source\":\"split\",\"fraction\":0.1},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"early_stopping\":null,\"hyperparameters\":{\"n_epochs\":3,\"max_steps\":null,\"batch_size\":4,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"learning_rate_multiplier\":1,\"gradient_accumulation_steps\":1}},\"progress\":null,\"queue\":{\"position\":3,\"estimated_start\":1796680000},\"started_at\":null,\"attempts\":[]}",
  "running, with progress, metadata and two attempts (the first ended in an error)":
    "{\"id\":\"ftjob-01\",\"object\":\"fine_tuning.job\",\"created_at\":1796637600,\"error\":null,\"fine_tuned_model\":null,\"finished_at\":null,\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1},\"model\":\"whetstone/tiny-llama\",\"organization_id\":\"org-01\",\"result_files\":[],\"seed\":42,\"status\":\"running\",\"trained_tokens\":541,\"training_file\":\"file-01\",\"validation_file\":null,\"estimated_finish\":1796641200,\"integrations\":[],\"metadata\":{\"team\":\"search\",\"run\":\"7\"},\"user_provided_suffix\":\"nightly\",\"method\":{\"type\":\"supervised\",\"supervised\":{\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1,\"max_steps\":null,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"gradient_accumulation_steps\":1}}},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"parent_model\":null,\"parent_fine_tuning_job\":null,\"priority\":0,\"spec\":{\"method\":\"supervised\",\"estimates\":{\"total_steps\":9,\"train_examples\":36,\"estimated_cost_usd\":0.00012179999999999999},\"validation\":{\"source\":\"split\",\"fraction\":0.1},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"early_stopping\":null,\"hyperparameters\":{\"n_epochs\":3,\"max_steps\":null,\"batch_size\":4,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"learning_rate_multiplier\":1,\"gradient_accumulation_steps\":1}},\"progress\":{\"step\":4,\"epoch\":0.4444444444444444,\"total_steps\":9},\"queue\":null,\"started_at\":1796637660,\"attempts\":[{\"number\":1,\"worker_id\":\"W1\",\"from_step\":0,\"to_step\":10,\"end_reason\":\"error\",\"started_at\":1796637660,\"ended_at\":1796637690},{\"number\":2,\"worker_id\":\"W2\",\"from_step\":10,\"to_step\":null,\"end_reason\":null,\"started_at\":1796637720,\"ended_at\":null}]}",
  "succeeded, with its model and result file":
    "{\"id\":\"ftjob-01\",\"object\":\"fine_tuning.job\",\"created_at\":1796637600,\"error\":null,\"fine_tuned_model\":\"ft:tiny-llama:org-01::abc\",\"finished_at\":1796637900,\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1},\"model\":\"whetstone/tiny-llama\",\"organization_id\":\"org-01\",\"result_files\":[\"file-02\"],\"seed\":42,\"status\":\"succeeded\",\"trained_tokens\":0,\"training_file\":\"file-01\",\"validation_file\":null,\"estimated_finish\":null,\"integrations\":[],\"metadata\":null,\"user_provided_suffix\":null,\"method\":{\"type\":\"supervised\",\"supervised\":{\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1,\"max_steps\":null,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"gradient_accumulation_steps\":1}}},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"parent_model\":null,\"parent_fine_tuning_job\":null,\"priority\":0,\"spec\":{\"method\":\"supervised\",\"estimates\":{\"total_steps\":9,\"train_examples\":36,\"estimated_cost_usd\":0.00012179999999999999},\"validation\":{\"source\":\"split\",\"fraction\":0.1},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"early_stopping\":null,\"hyperparameters\":{\"n_epochs\":3,\"max_steps\":null,\"batch_size\":4,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"learning_rate_multiplier\":1,\"gradient_accumulation_steps\":1}},\"progress\":null,\"queue\":null,\"started_at\":1796637660,\"attempts\":[{\"number\":1,\"worker_id\":\"W1\",\"from_step\":0,\"to_step\":10,\"end_reason\":\"completed\",\"started_at\":1796637660,\"ended_at\":1796637900}]}",
  "failed with a tenant-facing error":
    "{\"id\":\"ftjob-01\",\"object\":\"fine_tuning.job\",\"created_at\":1796637600,\"error\":{\"code\":\"invalid_training_data\",\"param\":null,\"message\":\"Line 12: the last message must be from the assistant.\"},\"fine_tuned_model\":null,\"finished_at\":1796637720,\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1},\"model\":\"whetstone/tiny-llama\",\"organization_id\":\"org-01\",\"result_files\":[],\"seed\":42,\"status\":\"failed\",\"trained_tokens\":null,\"training_file\":\"file-01\",\"validation_file\":null,\"estimated_finish\":null,\"integrations\":[],\"metadata\":null,\"user_provided_suffix\":null,\"method\":{\"type\":\"supervised\",\"supervised\":{\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1,\"max_steps\":null,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"gradient_accumulation_steps\":1}}},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"parent_model\":null,\"parent_fine_tuning_job\":null,\"priority\":0,\"spec\":{\"method\":\"supervised\",\"estimates\":{\"total_steps\":9,\"train_examples\":36,\"estimated_cost_usd\":0.00012179999999999999},\"validation\":{\"source\":\"split\",\"fraction\":0.1},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"early_stopping\":null,\"hyperparameters\":{\"n_epochs\":3,\"max_steps\":null,\"batch_size\":4,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"learning_rate_multiplier\":1,\"gradient_accumulation_steps\":1}},\"progress\":null,\"queue\":null,\"started_at\":null,\"attempts\":[]}",
  "failed with a recorded internal error (its text hidden)":
    "{\"id\":\"ftjob-01\",\"object\":\"fine_tuning.job\",\"created_at\":1796637600,\"error\":{\"code\":\"internal_error\",\"param\":null,\"message\":\"Training failed after repeated internal errors. The operator's logs have the details under job ftjob-01; quote it when you contact support.\"},\"fine_tuned_model\":null,\"finished_at\":1796637720,\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1},\"model\":\"whetstone/tiny-llama\",\"organization_id\":\"org-01\",\"result_files\":[],\"seed\":42,\"status\":\"failed\",\"trained_tokens\":null,\"training_file\":\"file-01\",\"validation_file\":null,\"estimated_finish\":null,\"integrations\":[],\"metadata\":null,\"user_provided_suffix\":null,\"method\":{\"type\":\"supervised\",\"supervised\":{\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1,\"max_steps\":null,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"gradient_accumulation_steps\":1}}},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"parent_model\":null,\"parent_fine_tuning_job\":null,\"priority\":0,\"spec\":{\"method\":\"supervised\",\"estimates\":{\"total_steps\":9,\"train_examples\":36,\"estimated_cost_usd\":0.00012179999999999999},\"validation\":{\"source\":\"split\",\"fraction\":0.1},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"early_stopping\":null,\"hyperparameters\":{\"n_epochs\":3,\"max_steps\":null,\"batch_size\":4,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"learning_rate_multiplier\":1,\"gradient_accumulation_steps\":1}},\"progress\":null,\"queue\":null,\"started_at\":null,\"attempts\":[]}",
  "cancelled, a warm start from a parent job":
    "{\"id\":\"ftjob-01\",\"object\":\"fine_tuning.job\",\"created_at\":1796637600,\"error\":null,\"fine_tuned_model\":null,\"finished_at\":1796637780,\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1},\"model\":\"whetstone/tiny-llama\",\"organization_id\":\"org-01\",\"result_files\":[],\"seed\":42,\"status\":\"cancelled\",\"trained_tokens\":null,\"training_file\":\"file-01\",\"validation_file\":\"file-03\",\"estimated_finish\":null,\"integrations\":[],\"metadata\":null,\"user_provided_suffix\":null,\"method\":{\"type\":\"supervised\",\"supervised\":{\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1,\"max_steps\":null,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"gradient_accumulation_steps\":1}}},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"parent_model\":\"ft:tiny-llama:org-01::parent\",\"parent_fine_tuning_job\":\"ftjob-00\",\"priority\":5,\"spec\":{\"method\":\"supervised\",\"estimates\":{\"total_steps\":9,\"train_examples\":36,\"estimated_cost_usd\":0.00012179999999999999},\"validation\":{\"source\":\"split\",\"fraction\":0.1},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"early_stopping\":null,\"hyperparameters\":{\"n_epochs\":3,\"max_steps\":null,\"batch_size\":4,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"learning_rate_multiplier\":1,\"gradient_accumulation_steps\":1}},\"progress\":null,\"queue\":null,\"started_at\":null,\"attempts\":[]}",
  "paused, DPO":
    "{\"id\":\"ftjob-01\",\"object\":\"fine_tuning.job\",\"created_at\":1796637600,\"error\":null,\"fine_tuned_model\":null,\"finished_at\":null,\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1,\"beta\":0.1},\"model\":\"whetstone/tiny-llama\",\"organization_id\":\"org-01\",\"result_files\":[],\"seed\":42,\"status\":\"paused\",\"trained_tokens\":100,\"training_file\":\"file-01\",\"validation_file\":null,\"estimated_finish\":null,\"integrations\":[],\"metadata\":null,\"user_provided_suffix\":null,\"method\":{\"type\":\"dpo\",\"dpo\":{\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":4,\"learning_rate_multiplier\":1,\"beta\":0.1,\"max_steps\":null,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"gradient_accumulation_steps\":1,\"loss_type\":\"sigmoid\",\"label_smoothing\":0}}},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"parent_model\":null,\"parent_fine_tuning_job\":null,\"priority\":0,\"spec\":{\"method\":\"dpo\",\"estimates\":{\"total_steps\":9,\"train_examples\":36,\"estimated_cost_usd\":0.00012179999999999999},\"validation\":{\"source\":\"split\",\"fraction\":0.1},\"training_type\":{\"r\":8,\"type\":\"lora\",\"alpha\":16,\"dropout\":0.05,\"target_modules\":[\"q_proj\",\"v_proj\"]},\"early_stopping\":null,\"hyperparameters\":{\"beta\":0.1,\"n_epochs\":3,\"max_steps\":null,\"batch_size\":4,\"warmup_ratio\":0,\"warmup_steps\":null,\"weight_decay\":0,\"learning_rate\":0.0002,\"max_grad_norm\":1,\"max_seq_length\":64,\"learning_rate_scheduler\":\"linear\",\"learning_rate_multiplier\":1,\"gradient_accumulation_steps\":1,\"loss_type\":\"sigmoid\",\"label_smoothing\":0}},\"progress\":null,\"queue\":null,\"started_at\":null,\"attempts\":[{\"number\":1,\"worker_id\":\"W1\",\"from_step\":0,\"to_step\":10,\"end_reason\":\"paused\",\"started_at\":1796637660,\"ended_at\":1796637700}]}",
};

describe('toJobObject', () => {
  it('has a golden string for every case', () => {
    expect(Object.keys(golden)).toEqual(cases.map(([name]) => name));
  });

  it.each(cases)('writes the exact JSON of a job: %s', (name, args) => {
    expect(JSON.stringify(toJobObject(...args)).replaceAll(worker(1), 'W1').replaceAll(worker(2), 'W2')).toBe(golden[name]);
  });

  it.each(cases)('says the same OpenAI hyperparameters at the top level and in the method: %s', (_name, args) => {
    const object = toJobObject(...args);
    const method = (object.method as Record<string, { hyperparameters: Record<string, unknown> }>)[object.method.type]!.hyperparameters;
    for (const [key, value] of Object.entries(object.hyperparameters)) expect([key, method[key]]).toEqual([key, value]);
  });
});
