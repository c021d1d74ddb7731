/**
 * Loads Prisma's schema engine (WebAssembly build) and connects it to Postgres through the
 * `pg` driver adapter. The Prisma CLI's migrate commands need a native engine downloaded at
 * install time, which this project never does; the WASM engine ships in an npm package.
 *
 * The package is ESM that imports a `.wasm` file as a module, which Node cannot do without a
 * flag, so we instantiate the WebAssembly module ourselves and hand it to the JS glue.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

// Node has WebAssembly at run time; our tsconfig's libs (no DOM) do not declare it.
interface WasmApi {
  Module: { new (bytes: Uint8Array): object; imports(module: object): { module: string; name: string }[] };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type Glue = typeof import('@prisma/schema-engine-wasm') & {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
};

let gluePromise: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const dir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const glue = (await import(join(dir, 'schema_engine_bg.js'))) as Glue;
  const module = new Wasm.Module(readFileSync(join(dir, 'schema_engine_bg.wasm')));
  const imports: Record<string, Record<string, unknown>> = {};
  for (const imp of Wasm.Module.imports(module)) {
    (imports[imp.module] ??= {})[imp.name] = (glue as unknown as Record<string, unknown>)[imp.name];
  }
  const instance = new Wasm.Instance(module, imports);
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/**
 * adapter-pg runs a migration script by splitting it at every ';', which cuts a PL/pgSQL body
 * (a trigger function) apart. Postgres runs a script of several statements as one simple query
 * itself, in one implicit transaction: a migration that fails leaves nothing half applied.
 */
function wholeScripts(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const pool = adapter.underlyingDriver() as { query(sql: string): Promise<unknown> };
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    return adapter;
  };
  return factory;
}

export const EMPTY_FILTER = { externalTables: [], externalEnums: [] };

/** Opens a schema engine bound to `databaseUrl`, with `schema` as its datamodel. */
export async function openSchemaEngine(databaseUrl: string, schema: string): Promise<SchemaEngine> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  const adapter = bindMigrationAwareSqlAdapterFactory(wholeScripts(new PrismaPg({ connectionString: databaseUrl })));
  const ignoreLogs = () => undefined;
  return glue.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, ignoreLogs, adapter);
}
