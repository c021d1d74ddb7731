/**
 * Prints the generated types for the OpenAPI document at argv[2]. The drift test runs this in a
 * child process: openapi-typescript's dependencies are ESM-only, which CommonJS Jest cannot load.
 */
import { readFileSync } from 'node:fs';
import { generateSchemaTypes } from './generate-types';

generateSchemaTypes(JSON.parse(readFileSync(process.argv[2]!, 'utf8')))
  .then((text) => process.stdout.write(text))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
