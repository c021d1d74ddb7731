import { createTenant, startApi } from './support/harness';
import { chatJsonl, multipart } from './support/multipart';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

describe('downloading a file whose name is not Latin-1', () => {
  it.each(['数据集.jsonl', 'données-😀.jsonl'])('%s downloads with an RFC 6266 filename* header', async (filename) => {
    const tenant = await createTenant(api.app);
    const body = multipart([{ name: 'purpose', value: 'fine-tune' }, { name: 'file', value: chatJsonl(2), filename }]);
    const created = await api.app.inject({ method: 'POST', url: '/v1/files', headers: { ...tenant.headers, ...body.headers }, payload: body.payload });
    expect(created.statusCode).toBe(200);
    const res = await api.app.inject({ method: 'GET', url: `/v1/files/${created.json().id}/content`, headers: tenant.headers });
    expect(res.statusCode).toBe(200);
    const header = String(res.headers['content-disposition']);
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(header.split("filename*=UTF-8''")[1]!)).toBe(filename);
  });
});
