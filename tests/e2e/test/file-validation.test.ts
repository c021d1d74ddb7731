import { createTenant, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl, multipart } from '../../../apps/api/test/support/multipart';
import { registerDemoModel } from '@whetstone/services';
import { startWorkerProcess, waitFor, type WorkerProcess } from './support/worker-process';

const prefix = `whetstone-e2e-${process.pid}`;
let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess;

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix });
  await registerDemoModel(api.deps);
  worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'datasets' });
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

async function uploadAndWait(headers: Record<string, string>, content: string) {
  const body = multipart([{ name: 'purpose', value: 'fine-tune' }, { name: 'file', value: content, filename: 'data.jsonl' }]);
  const res = await api.app.inject({ method: 'POST', url: '/v1/files', headers: { ...headers, ...body.headers }, payload: body.payload });
  expect(res.statusCode).toBe(200);
  const id = res.json().id as string;
  return waitFor(`file ${id} validated`, async () => {
    const file = (await api.app.inject({ method: 'GET', url: `/v1/files/${id}`, headers })).json();
    return file.status === 'processed' || file.status === 'error' ? file : null;
  });
}

describe('dataset validation through the real worker', () => {
  it('processes a good chat file with token statistics from the base model tokenizer and a file.processed event', async () => {
    const tenant = await createTenant(api.app);
    const file = await uploadAndWait(tenant.headers, chatJsonl(60));
    expect(file).toMatchObject({ status: 'processed', format: 'chat', validation: { ok: true, examples: 60, error_count: 0 } });
    expect(file.validation.total_tokens).toBeGreaterThan(60 * 10);
    const report = (await api.app.inject({ method: 'GET', url: `/v1/files/${file.id}/validation`, headers: tenant.headers })).json();
    expect(report.report.statistics.length_unit).toBe('tokens');
    expect(report.report.statistics.estimated_cost?.length ?? 1).toBeGreaterThan(0);
    const event = await api.deps.db.outboxEvent.findFirst({ where: { organizationId: tenant.orgId, type: 'file.processed' } });
    expect(event?.payload).toMatchObject({ type: 'file.processed', data: { id: file.id, status: 'processed' } });
  });

  it('reports a broken file as error with line numbers, JSON pointers and codes, and a file.error event', async () => {
    const tenant = await createTenant(api.app);
    const lines = chatJsonl(60).split('\n');
    lines[4] = '{"messages": [';
    lines[9] = JSON.stringify({ messages: [{ role: 'robot', content: 'hi' }, { role: 'assistant', content: 'x' }] });
    const file = await uploadAndWait(tenant.headers, lines.join('\n'));
    expect(file.status).toBe('error');
    expect(file.status_details).toMatch(/line 5/);
    const report = (await api.app.inject({ method: 'GET', url: `/v1/files/${file.id}/validation`, headers: tenant.headers })).json().report;
    expect(report.errors.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 5, code: 'invalid_json' }),
        expect.objectContaining({ line: 10, code: 'invalid_role', pointer: '/messages/0/role' }),
      ]),
    );
    const event = await api.deps.db.outboxEvent.findFirst({ where: { organizationId: tenant.orgId, type: 'file.error' } });
    expect(event).not.toBeNull();
  });
});
