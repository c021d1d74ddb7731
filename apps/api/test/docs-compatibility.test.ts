import { ERROR_CATALOGUE } from '../src/docs/error-catalogue';
import { UNSUPPORTED_OPENAI_FIELDS } from '../src/docs/compatibility';
import { baseModelObject, fineTunedModelObject } from '../src/schemas/models';
import { createJobBody, jobObject } from '../src/schemas/jobs';
import { startApi } from './support/harness';

// OpenAI's own fields, as the pinned openai SDK (6.49.0) types them: JobCreateParams, FineTuningJob, Model.
const OPENAI_CREATE_JOB = ['model', 'training_file', 'hyperparameters', 'integrations', 'metadata', 'method', 'seed', 'suffix', 'validation_file'];
const OPENAI_JOB = ['id', 'created_at', 'error', 'fine_tuned_model', 'finished_at', 'hyperparameters', 'model', 'object', 'organization_id', 'result_files', 'seed', 'status', 'trained_tokens', 'training_file', 'validation_file', 'estimated_finish', 'integrations', 'metadata', 'method'];
const OPENAI_MODEL = ['id', 'created', 'object', 'owned_by'];

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

describe('/docs', () => {
  it('lists every error code with its status, and where we differ from OpenAI', async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const description: string = doc.info.description;
    for (const entry of ERROR_CATALOGUE) expect(description).toContain(`| ${entry.status} | \`${entry.type}\` | \`${entry.code}\` |`);
    expect(new Set(ERROR_CATALOGUE.map((e) => e.code)).size).toBe(ERROR_CATALOGUE.length);
    expect(description).toContain('### Fields we accept that OpenAI does not');
    for (const entry of UNSUPPORTED_OPENAI_FIELDS) expect(description).toContain(entry.answer);
  });

  it("names every field of ours that OpenAI's create-job body, job object and model object do not have", async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const section = (doc.info.description as string).split('### Fields we accept that OpenAI does not')[1]!.split('### OpenAI fields we do not support')[0]!;
    const ours = (keys: string[], openai: string[]) => keys.filter((k) => !openai.includes(k));
    const missing = [
      ...ours(Object.keys(createJobBody.shape), OPENAI_CREATE_JOB),
      ...ours(Object.keys(jobObject.shape), OPENAI_JOB),
      ...ours([...Object.keys(baseModelObject.shape), ...Object.keys(fineTunedModelObject.shape)], OPENAI_MODEL),
    ].filter((field) => !section.includes(`\`${field}\``));
    expect(missing).toEqual([]);
  });
});
