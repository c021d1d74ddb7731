/**
 * Regenerates packages/client from the API's OpenAPI document: builds the app (no request is
 * served and no service needs to answer), writes openapi.json and the generated types.
 * Run with `npm run generate:client` after changing a route or schema; a test fails until you do.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@whetstone/common';
import { loadApiConfig } from '@whetstone/config';
import { documentText, generateSchemaTypes } from '../../../packages/client/codegen/generate-types';
import { buildApp } from '../src/app';
import { closeDeps, createDeps } from '../src/deps';
import { openApiDocument } from '../src/openapi-document';

const clientDir = join(__dirname, '../../../packages/client');

async function main(): Promise<void> {
  const config = loadApiConfig({ ADMIN_TOKEN: 'x'.repeat(32), LOG_LEVEL: 'silent', ...process.env });
  const deps = createDeps(config, createLogger({ level: 'silent', name: 'write-client' }));
  const app = await buildApp(deps);
  await app.ready();
  const document = openApiDocument(app);
  writeFileSync(join(clientDir, 'openapi.json'), documentText(document));
  writeFileSync(join(clientDir, 'src/generated/schema.ts'), await generateSchemaTypes(document));
  await app.close();
  await closeDeps(deps);
  console.log(`wrote ${join(clientDir, 'openapi.json')} and src/generated/schema.ts`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
