import openapiTS, { astToString } from 'openapi-typescript';

const BANNER = '// Generated from openapi.json by `npm run generate:client` (openapi-typescript). Do not edit.\n';

/** TypeScript types (paths, components, operations) for an OpenAPI document, as source text. */
export async function generateSchemaTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0]);
  return BANNER + astToString(ast);
}

/** The document as committed: stable two-space JSON with a trailing newline. */
export const documentText = (document: object) => `${JSON.stringify(document, null, 2)}\n`;
