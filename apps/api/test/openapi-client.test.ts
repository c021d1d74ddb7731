import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../src/openapi-document';
import { startApi } from './support/harness';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const clientDir = join(__dirname, '../../../packages/client');
const repo = join(__dirname, '../../..');
// The same text as packages/client/codegen/generate-types.ts `documentText`.
const documentText = (document: object) => `${JSON.stringify(document, null, 2)}\n`;
const REGENERATE = 'the API changed: run `npm run generate:client` and commit packages/client';

describe('the typed client (packages/client) matches the OpenAPI document', () => {
  it('openapi.json is the document the app serves at /docs/json', async () => {
    const served = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(served).toEqual(openApiDocument(api.app));
    const committed = readFileSync(join(clientDir, 'openapi.json'), 'utf8');
    if (committed !== documentText(served)) throw new Error(REGENERATE);
  });

  it('the generated types are what openapi-typescript makes of that document', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(path, documentText(openApiDocument(api.app)));
    const generated = execFileSync(join(repo, 'node_modules/.bin/tsx'), [join(clientDir, 'codegen/print-types.ts'), path], { encoding: 'utf8' });
    const committed = readFileSync(join(clientDir, 'src/generated/schema.ts'), 'utf8');
    if (committed !== generated) throw new Error(REGENERATE);
  });
});
