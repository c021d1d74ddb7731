import { ERROR_CATALOGUE } from '../src/docs/error-catalogue';
import { UNSUPPORTED_OPENAI_FIELDS } from '../src/docs/compatibility';
import { startApi } from './support/harness';

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
});
